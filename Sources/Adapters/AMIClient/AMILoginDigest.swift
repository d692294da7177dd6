public import AMIProtocol
import Crypto

/// The `Key:` of an MD5 Login: lowercase hex of `md5(challenge + secret)` (manager.c `authenticate()`).
public enum AMILoginDigest {
    /// Computes the key for `challenge` and `secret`.
    public static func key(challenge: String, secret: AMISecret) -> String {
        let digest = Insecure.MD5.hash(data: Array((challenge + secret.revealed).utf8))
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
