import CCairo
import Foundation
import TensorCore

/// The picture formats ``CairoCanvas`` writes, chosen by a file's extension.
public enum PlotFormat: String, Sendable, CaseIterable {
    case png, svg

    /// The format named by `path`'s extension (`.png` or `.svg`, any case).
    /// - Throws: ``SwiftLearnError/invalidArgument(_:)`` for any other extension.
    public init(path: String, context: String) throws {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard let format = PlotFormat(rawValue: ext) else {
            throw SwiftLearnError.invalidArgument("\(context): '\(path)' must end in .png or .svg (got '\(ext.isEmpty ? "no extension" : "." + ext)')")
        }
        self = format
    }
}

/// Collects the bytes Cairo streams out.
private final class ByteSink {
    var data = Data()
}

/// A Cairo drawing surface, PNG (an ARGB image) or SVG, whose bytes are kept in memory until
/// ``write(to:)`` puts them in a file atomically.
final class CairoCanvas {
    let width: Int, height: Int, format: PlotFormat
    private let surface: OpaquePointer
    let cr: OpaquePointer
    private let sink = ByteSink()

    init(width: Int, height: Int, format: PlotFormat) throws {
        guard (16...20_000).contains(width), (16...20_000).contains(height) else {
            throw SwiftLearnError.invalidArgument("plot: size \(width)x\(height) must be between 16 and 20000 pixels each way")
        }
        self.width = width; self.height = height; self.format = format
        let made: OpaquePointer?
        switch format {
        case .png:
            made = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        case .svg:
            made = cairo_svg_surface_create_for_stream(Self.append, Unmanaged.passUnretained(sink).toOpaque(),
                                                       Double(width), Double(height))
            if let made { cairo_svg_surface_set_document_unit(made, CAIRO_SVG_UNIT_PX) }
        }
        guard let made, cairo_surface_status(made) == CAIRO_STATUS_SUCCESS, let context = cairo_create(made) else {
            throw SwiftLearnError.io("plot: Cairo could not create a \(width)x\(height) \(format.rawValue) surface")
        }
        surface = made; cr = context
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    private static let append: cairo_write_func_t = { closure, bytes, length in
        guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
        Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
        return CAIRO_STATUS_SUCCESS
    }

    // MARK: Drawing helpers

    func color(_ rgb: (Double, Double, Double), alpha: Double = 1) { cairo_set_source_rgba(cr, rgb.0, rgb.1, rgb.2, alpha) }

    func line(from a: (Double, Double), to b: (Double, Double), width: Double) {
        cairo_set_line_width(cr, width)
        cairo_move_to(cr, a.0, a.1); cairo_line_to(cr, b.0, b.1); cairo_stroke(cr)
    }

    /// Sets the dash pattern (empty: solid).
    func dash(_ pattern: [Double]) {
        pattern.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
    }

    func font(size: Double, bold: Bool = false) {
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }

    /// The width of `text` in the current font.
    func textWidth(_ text: String) -> Double {
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance
    }

    /// Draws `text` with its anchor at `(x, y)`: `align` 0 left, 0.5 centred, 1 right; the
    /// baseline is placed so the text is vertically centred on `y`; `angle` in radians.
    func text(_ text: String, at x: Double, _ y: Double, align: Double = 0, angle: Double = 0) {
        var font = cairo_font_extents_t()
        cairo_font_extents(cr, &font)
        cairo_save(cr)
        cairo_translate(cr, x, y)
        cairo_rotate(cr, angle)
        cairo_move_to(cr, -align * textWidth(text), (font.ascent - font.descent) / 2)
        cairo_show_text(cr, text)
        cairo_restore(cr)
    }

    // MARK: Output

    /// The finished picture's bytes (the canvas can't be drawn on afterwards).
    func finish() throws -> Data {
        switch format {
        case .png:
            cairo_surface_flush(surface)
            let status = cairo_surface_write_to_png_stream(surface, Self.append, Unmanaged.passUnretained(sink).toOpaque())
            guard status == CAIRO_STATUS_SUCCESS else {
                throw SwiftLearnError.io("plot: Cairo could not encode the PNG: \(String(cString: cairo_status_to_string(status)))")
            }
        case .svg:
            cairo_surface_finish(surface)
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS, !sink.data.isEmpty else {
            throw SwiftLearnError.io("plot: Cairo failed: \(String(cString: cairo_status_to_string(status)))")
        }
        return sink.data
    }
}

/// Writes `data` to `path` atomically: a temporary file in the same folder, then a rename, so a
/// failed write leaves any previous file as it was.
func writeAtomically(_ data: Data, to path: String, context: String) throws {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
        try data.write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            throw SwiftLearnError.io(String(cString: strerror(errno)))
        }
    } catch {
        try? FileManager.default.removeItem(at: temporary)
        let reason = (error as? SwiftLearnError)?.description ?? error.localizedDescription
        throw SwiftLearnError.io("\(context): cannot write '\(path)': \(reason)")
    }
}
