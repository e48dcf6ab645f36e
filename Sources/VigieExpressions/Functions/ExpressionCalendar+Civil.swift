// Days since 1970-01-01 to and from (year, month, day) in the proleptic
// Gregorian calendar, by Howard Hinnant's era arithmetic: a year is counted
// from March, so that the leap day falls at the end of it, and an era is the
// 400-year cycle of 146 097 days. Parquet has the same conversions for its
// DATE values; VigieExpressions keeps its own so that it depends on nothing.

extension ExpressionCalendar {
    /// (year, month 1...12, day 1...31) of a day count.
    static func civil(_ days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), Int(month), Int(day))
    }

    /// The day count of (year, month, day), which the caller has checked exists.
    static func dayCount(year: Int64, month: Int, day: Int) -> Int64 {
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let monthFromMarch = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + Int64(day) - 1
        return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
    }

    /// yyyy-MM-dd (a sign and at least four digits for the year).
    static func dateText(_ days: Int64) -> String {
        let (year, month, day) = civil(days)
        return padded(year, 4) + "-" + padded(Int64(month), 2) + "-" + padded(Int64(day), 2)
    }

    private static func padded(_ n: Int64, _ width: Int) -> String {
        let digits = String(n.magnitude)
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
