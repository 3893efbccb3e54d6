package jitbook.ops;

/** Parses and prints the default values written in schemas ({@code dim=None}, {@code keepdim=False}). */
final class SchemaDefaults {
    private SchemaDefaults() {
    }

    static Object parse(String text, ArgType type) {
        if (text.equals("None")) {
            return null;
        }
        switch (type) {
            case BOOL: return Boolean.parseBoolean(text.toLowerCase());
            case INT: case OPTIONAL_INT: return Long.parseLong(text);
            case FLOAT: return Double.parseDouble(text);
            // A Scalar default keeps its kind: "1" is an int, "1.0" a float (arange's step=1 stays integral).
            case SCALAR: return text.matches("-?[0-9]+") ? (Object) Long.parseLong(text) : (Object) Double.parseDouble(text);
            case STR: return text.replace("\"", "");
            default: throw new IllegalArgumentException("no default of type " + type.spelling() + ": " + text);
        }
    }

    static String print(Object v) {
        if (v == null) return "None";
        if (v instanceof Boolean) return ((Boolean) v) ? "True" : "False";
        return String.valueOf(v);
    }
}
