// Slowing down password guessing: failures are counted per account and per
// client address; past a threshold each further failure doubles the wait
// before the next attempt is even checked (1 s, 2 s, 4 s … up to 15 min).
// Counts are forgotten 15 minutes after the last failure, and a success
// clears its account's count (not its address's, so one good account does
// not open the way to guess others). Kept in memory: each node throttles
// the attempts it sees.

import Foundation
import Synchronization

/// Failed-login counters per account and per address.
public final class LoginThrottle: Sendable {
    private struct Count {
        var failures: Int
        var last: Date
    }

    /// Failures allowed per account, and per address, before waits begin.
    public let accountThreshold: Int
    public let addressThreshold: Int
    public let longestWait: TimeInterval = 15 * 60
    private let counts = Mutex<[String: Count]>([:])
    private let now: @Sendable () -> Date

    public init(accountThreshold: Int = 5, addressThreshold: Int = 20, now: @escaping @Sendable () -> Date = Date.init) {
        self.accountThreshold = accountThreshold
        self.addressThreshold = addressThreshold
        self.now = now
    }

    /// How long to wait before `account` may try again from `address`; nil when it may now.
    public func wait(account: String, address: String) -> TimeInterval? {
        let time = now()
        return counts.withLock { counts in
            let waits = [(counts["u:" + account], accountThreshold), (counts["a:" + address], addressThreshold)].compactMap { entry, threshold -> TimeInterval? in
                guard let entry, entry.failures >= threshold else { return nil }
                let until = entry.last.addingTimeInterval(min(longestWait, pow(2, Double(entry.failures - threshold))))
                return until > time ? until.timeIntervalSince(time) : nil
            }
            return waits.max()
        }
    }

    public func failed(account: String, address: String) {
        let time = now()
        counts.withLock { counts in
            for key in ["u:" + account, "a:" + address] {
                var entry = counts[key] ?? Count(failures: 0, last: time)
                if time.timeIntervalSince(entry.last) > longestWait { entry.failures = 0 }
                entry.failures += 1
                entry.last = time
                counts[key] = entry
            }
        }
    }

    public func succeeded(account: String) {
        counts.withLock { $0["u:" + account] = nil }
    }
}
