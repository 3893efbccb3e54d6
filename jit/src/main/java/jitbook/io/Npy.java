package jitbook.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jitbook.ops.DType;
import jitbook.ops.NdArray;

/**
 * NumPy's {@code .npy} format, the subset Jitbook uses: little-endian {@code <f4}, {@code <f8},
 * {@code <i8} and {@code |b1}, C order. Writes version 1.0 headers exactly as NumPy does (so
 * {@code numpy.load} reads them, and equal arrays give equal bytes); reads versions 1.0 and 2.0
 * of that subset and refuses everything else by name. Object arrays (pickles) are never read.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy pads the header so the data starts at a multiple of 64 bytes. */
    private static final int ALIGN = 64;

    private Npy() {
    }

    public static String descr(DType d) {
        switch (d) {
            case FLOAT32: return "<f4";
            case FLOAT64: return "<f8";
            case INT64: return "<i8";
            default: return "|b1";
        }
    }

    private static DType dtypeOf(String descr) {
        switch (descr) {
            case "<f4": return DType.FLOAT32;
            case "<f8": return DType.FLOAT64;
            case "<i8": return DType.INT64;
            case "|b1": return DType.BOOL;
            default: return null;
        }
    }

    /** The bytes of an {@code .npy} file holding {@code a}. */
    public static byte[] write(NdArray a) {
        byte[] header = header(a.dtype(), a.shape());
        int n = a.numel();
        ByteBuffer buf = ByteBuffer.allocate(header.length + n * a.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(header);
        switch (a.dtype()) {
            case FLOAT32: buf.asFloatBuffer().put(a.floats()); break;
            case FLOAT64: buf.asDoubleBuffer().put(a.doubles()); break;
            case INT64: buf.asLongBuffer().put(a.longs()); break;
            default:
                boolean[] b = a.bools();
                for (int i = 0; i < n; i++) buf.put(header.length + i, (byte) (b[i] ? 1 : 0));
        }
        return buf.array();
    }

    private static byte[] header(DType dtype, long[] shape) {
        StringBuilder s = new StringBuilder("{'descr': '").append(descr(dtype)).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) s.append(", ");
            s.append(shape[i]);
        }
        if (shape.length == 1) s.append(',');
        s.append("), }");
        int unpadded = MAGIC.length + 2 + 2 + s.length() + 1;
        s.append(" ".repeat((ALIGN - unpadded % ALIGN) % ALIGN)).append('\n');
        byte[] dict = s.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + dict.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) dict.length).put(dict);
        return b.array();
    }

    /**
     * Reads an {@code .npy} file's bytes. Errors are {@link ModelFormatException}s naming
     * {@code file} and {@code entry} (either may be null) and what is wrong.
     */
    public static NdArray read(byte[] bytes, String file, String entry) {
        if (bytes.length < MAGIC.length + 4) throw bad(file, entry, "too short to be an .npy file (" + bytes.length + " bytes)");
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) throw bad(file, entry, "not an .npy file (it does not start with \\x93NUMPY)");
        }
        int major = bytes[6] & 0xff;
        int minor = bytes[7] & 0xff;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int dataStart;
        if (major == 1 && minor == 0) {
            headerLen = b.getShort(8) & 0xffff;
            dataStart = 10;
        } else if (major == 2 && minor == 0) {
            if (bytes.length < 12) throw bad(file, entry, "the .npy header is cut short");
            headerLen = b.getInt(8) & 0xffffffffL;
            dataStart = 12;
        } else {
            throw bad(file, entry, ".npy version " + major + "." + minor + " is not supported (Jitbook reads 1.0 and 2.0)");
        }
        if (dataStart + headerLen > bytes.length) throw bad(file, entry, "the .npy header is cut short");
        String dict = new String(bytes, dataStart, (int) headerLen, StandardCharsets.US_ASCII);
        dataStart += (int) headerLen;
        Header h = new HeaderParser(dict, file, entry).parse();
        DType dtype = dtypeOf(h.descr);
        if (dtype == null) {
            String why = h.descr.contains("O") ? " (object arrays hold pickles, which Jitbook never reads)"
                    : h.descr.startsWith(">") ? " (big-endian; save it little-endian)" : "";
            throw bad(file, entry, "dtype '" + h.descr + "' is not supported" + why
                    + "; Jitbook reads <f4, <f8, <i8 and |b1 (float32, float64, int64, bool)");
        }
        if (h.fortranOrder) throw bad(file, entry, "Fortran-order arrays are not supported; save a C-contiguous array");
        long numel = 1;
        for (long d : h.shape) {
            if (d < 0) throw bad(file, entry, "negative dimension in shape " + shapeText(h.shape));
            // exact: a product that wraps around 64 bits must not pass for a small one
            numel = jitbook.ops.Shapes.times(numel, d);
            if (numel > Integer.MAX_VALUE) throw bad(file, entry, "shape " + shapeText(h.shape) + " is too large");
        }
        long want = numel * dtype.byteSize();
        long have = bytes.length - dataStart;
        if (have != want) {
            throw bad(file, entry, "shape " + shapeText(h.shape) + " of " + h.descr + " needs " + want + " bytes of data, the file holds " + have);
        }
        int n = (int) numel;
        Object data = NdArray.allocate(dtype, n);
        ByteBuffer body = ByteBuffer.wrap(bytes, dataStart, (int) have).slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case FLOAT32: body.asFloatBuffer().get((float[]) data); break;
            case FLOAT64: body.asDoubleBuffer().get((double[]) data); break;
            case INT64: body.asLongBuffer().get((long[]) data); break;
            default:
                boolean[] z = (boolean[]) data;
                for (int i = 0; i < n; i++) z[i] = body.get(i) != 0;
        }
        return new NdArray(dtype, h.shape, data);
    }

    static String shapeText(long[] shape) {
        List<String> s = new ArrayList<>();
        for (long d : shape) s.add(Long.toString(d));
        return "[" + String.join(", ", s) + "]";
    }

    private static ModelFormatException bad(String file, String entry, String message) {
        return new ModelFormatException(file, entry, message);
    }

    private static final class Header {
        String descr;
        Boolean fortranOrder;
        long[] shape;
    }

    /** Reads the header: a Python dict literal with exactly the keys descr, fortran_order and shape. */
    private static final class HeaderParser {
        private final String s;
        private final String file;
        private final String entry;
        private int pos;

        HeaderParser(String s, String file, String entry) {
            this.s = s;
            this.file = file;
            this.entry = entry;
        }

        Header parse() {
            Header h = new Header();
            expect('{');
            while (true) {
                space();
                if (peek() == '}') break;
                String key = string();
                expect(':');
                switch (key) {
                    case "descr": h.descr = string(); break;
                    case "fortran_order": h.fortranOrder = bool(); break;
                    case "shape": h.shape = tuple(); break;
                    default: throw error("unexpected key '" + key + "'");
                }
                space();
                if (peek() == ',') pos++; else break;
            }
            expect('}');
            space();
            if (pos != s.length()) throw error("unexpected text after the header dict");
            if (h.descr == null || h.fortranOrder == null || h.shape == null) {
                throw error("the header needs descr, fortran_order and shape");
            }
            return h;
        }

        private void space() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void expect(char c) {
            space();
            if (peek() != c) throw error("expected '" + c + "'");
            pos++;
        }

        private String string() {
            space();
            char q = peek();
            if (q != '\'' && q != '"') throw error("expected a quoted string");
            int end = s.indexOf(q, pos + 1);
            if (end < 0) throw error("unterminated string");
            String v = s.substring(pos + 1, end);
            pos = end + 1;
            return v;
        }

        private boolean bool() {
            space();
            if (s.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw error("expected True or False");
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (true) {
                space();
                if (peek() == ')') break;
                int start = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
                if (start == pos) throw error("expected a dimension");
                try {
                    dims.add(Long.parseLong(s.substring(start, pos)));
                } catch (NumberFormatException e) {
                    throw error("dimension too large");
                }
                space();
                if (peek() == ',') pos++; else break;
            }
            expect(')');
            long[] out = new long[dims.size()];
            for (int i = 0; i < out.length; i++) out[i] = dims.get(i);
            return out;
        }

        private ModelFormatException error(String what) {
            return bad(file, entry, "malformed .npy header (" + what + " at character " + (pos + 1) + "): " + s.trim());
        }
    }
}
