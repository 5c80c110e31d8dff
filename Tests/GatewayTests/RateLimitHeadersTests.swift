import Testing

@testable import Gateway

@Suite("Rate limit headers")
struct RateLimitHeadersTests {
    @Test("the policy field names the quota and window")
    func policy() {
        #expect(RateLimitHeaders.policy(name: "tenant", quota: 300, windowSeconds: 60) == #""tenant";q=300;w=60"#)
    }

    @Test("the state field names the remaining requests and the seconds to reset")
    func state() {
        #expect(RateLimitHeaders.state(name: "tenant", remaining: 42, resetSeconds: 18) == #""tenant";r=42;t=18"#)
    }

    @Test(
        "a policy name becomes a valid sf-string whatever it contains",
        arguments: [
            ("tenant", #""tenant""#),
            ("", #""""#),
            (#"say "hi""#, #""say \"hi\"""#),
            (#"back\slash"#, #""back\\slash""#),
            ("line\r\nSet-Cookie: a=b", #""line??Set-Cookie: a=b""#),
            ("tab\there", #""tab?here""#),
            ("Ksh ü 🇰🇪", #""Ksh ? ??""#),
            ("\u{7F}del", #""?del""#),
        ]
    )
    func nameEscaping(name: String, expected: String) {
        #expect(RateLimitHeaders.string(name) == expected)
        #expect(RateLimitHeaders.policy(name: name, quota: 1, windowSeconds: 1) == expected + ";q=1;w=1")
    }

    @Test("integers are clamped to what an sf-integer can hold")
    func integerRange() {
        #expect(RateLimitHeaders.state(name: "t", remaining: -3, resetSeconds: 0) == #""t";r=0;t=0"#)
        #expect(RateLimitHeaders.policy(name: "t", quota: .max, windowSeconds: 86_400) == #""t";q=999999999999999;w=86400"#)
    }
}
