import Categorization
import Foundation
import Platform

/// Stored JSON of the categorizer's values, in the platform's encoding.
enum ServiceJSONCodingBridge {
    static func input(_ text: String) throws -> CategorizationInput {
        try ServiceJSONCoding.makeDecoder().decode(CategorizationInput.self, from: Data(text.utf8))
    }
}
