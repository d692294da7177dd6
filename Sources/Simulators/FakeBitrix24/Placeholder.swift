enum FakeBitrix24Placeholder {}
