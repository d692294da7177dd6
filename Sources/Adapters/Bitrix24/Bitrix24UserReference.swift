import Foundation

/// Who a call belongs to: a Bitrix24 user id, or an extension (`USER_PHONE_INNER`).
public enum Bitrix24UserReference: Sendable, Hashable {
    case id(Int)
    case phoneInner(String)

    var parameters: [String: Bitrix24Value] {
        switch self {
        case .id(let id): ["USER_ID": .int(id)]
        case .phoneInner(let ext): ["USER_PHONE_INNER": .string(ext)]
        }
    }
}
