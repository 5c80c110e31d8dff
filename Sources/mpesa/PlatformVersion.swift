import Platform

/// The version line `mpesa version` and `mpesa --version` print.
enum PlatformVersion {
    static var string: String { "mpesa \(PlatformInfo.version)" }
}
