package io.emrdag.render;

/**
 * A Jinja string literal (inside {@code {{ }}}). Jinja unescapes string literals like Python's
 * {@code unicode-escape}, so backslash, quote and control characters are escaped; everything else is kept.
 */
final class JinjaString {

    private JinjaString() {
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder("'");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('\'').toString();
    }
}
