enum Bitrix24Placeholder {}
