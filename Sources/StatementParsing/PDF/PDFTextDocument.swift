/// The text of a PDF as poppler lays it out: pages of words with their boxes (points, origin top-left).
public struct PDFTextDocument: Sendable, Equatable {
    public struct Word: Sendable, Equatable {
        public var text: String
        public var xMin: Double
        public var yMin: Double
        public var xMax: Double
        public var yMax: Double

        public init(text: String, xMin: Double, yMin: Double, xMax: Double, yMax: Double) {
            self.text = text
            self.xMin = xMin
            self.yMin = yMin
            self.xMax = xMax
            self.yMax = yMax
        }

        public var xCenter: Double { (xMin + xMax) / 2 }
        public var yCenter: Double { (yMin + yMax) / 2 }
    }

    public struct Page: Sendable, Equatable {
        public var width: Double
        public var height: Double
        public var words: [Word]

        public init(width: Double, height: Double, words: [Word]) {
            self.width = width
            self.height = height
            self.words = words
        }
    }

    public var pages: [Page]
    /// The document information dictionary as pdfinfo prints it (Creator, Producer, Subject, CreationDate …).
    public var info: [String: String]

    public init(pages: [Page], info: [String: String]) {
        self.pages = pages
        self.info = info
    }
}
