package io.emrdag.validate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A structural check of the Jinja in the templated fields (the cluster's request and the steps, see
 * {@link TemplatedFields}).
 *
 * <p>Airflow renders these fields when the task runs, so a broken template ({@code "{{ ds"}, an
 * {@code {% if %}} without {@code {% endif %}}) would otherwise surface as a failed task in production. This is
 * not a Jinja parser: it checks what a parser would refuse first — delimiters closed, quotes and brackets
 * balanced inside them, no empty expression, block tags opened and closed in order — and says where.
 */
final class JinjaSyntax {

    /** Tags that open a block, and the tag that closes each. */
    private static final Map<String, String> BLOCKS = Map.of("if", "endif", "for", "endfor", "macro", "endmacro",
            "call", "endcall", "filter", "endfilter", "raw", "endraw", "with", "endwith", "autoescape", "endautoescape",
            "block", "endblock", "set", "endset");
    private static final Pattern END_RAW = Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%}");
    /** Compiled once: {@code replaceFirst} and {@code split} compile their pattern on every call. */
    private static final Pattern LEADING_CONTROL = Pattern.compile("^[-+]");
    private static final Pattern TRAILING_CONTROL = Pattern.compile("[-+]$");
    private static final Pattern TAG_NAME_END = Pattern.compile("[\\s(]");
    private static final Map<String, Set<String>> MIDDLES = Map.of("if", Set.of("elif", "else"), "for", Set.of("else"));

    private JinjaSyntax() {
    }

    /** What is wrong with the template {@code text}, naming the 1-based character where it starts; empty if fine. */
    static Optional<String> problem(String text) {
        Deque<String> open = new ArrayDeque<>();
        Deque<Integer> openedAt = new ArrayDeque<>();
        int i = 0;
        while (i < text.length() - 1) {
            String delimiter = text.substring(i, i + 2);
            String close = switch (delimiter) {
                case "{{" -> "}}";
                case "{%" -> "%}";
                case "{#" -> "#}";
                default -> null;
            };
            if (close == null) {
                i++;
                continue;
            }
            int start = i;
            int end = closing(text, i + 2, close);
            if (end < 0) {
                return Optional.of("'" + delimiter + "' at character " + (start + 1) + " is not closed by '" + close + "'");
            }
            String inside = stripControl(text.substring(start + 2, end)).trim();
            Optional<String> problem = switch (delimiter) {
                case "{{" -> expression(inside, start);
                case "{%" -> tag(inside, start, open, openedAt);
                default -> Optional.empty();
            };
            if (problem.isPresent()) {
                return problem;
            }
            i = end + 2;
            if ("raw".equals(open.peek())) {
                Matcher endRaw = END_RAW.matcher(text);
                if (!endRaw.find(i)) {
                    break;
                }
                open.pop();
                openedAt.pop();
                i = endRaw.end();
            }
        }
        if (!open.isEmpty()) {
            return Optional.of("'{% " + open.peek() + " %}' at character " + (openedAt.peek() + 1) + " is not closed by '{% "
                    + BLOCKS.get(open.peek()) + " %}'");
        }
        return Optional.empty();
    }

    /** Index of {@code close} after {@code from}, skipping quoted strings; -1 when absent or a quote is unclosed. */
    private static int closing(String text, int from, String close) {
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (text.startsWith(close, i)) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<String> expression(String inside, int start) {
        if (inside.isEmpty()) {
            return Optional.of("empty expression '{{ }}' at character " + (start + 1));
        }
        return brackets(inside, start);
    }

    private static Optional<String> brackets(String inside, int start) {
        Deque<Character> stack = new ArrayDeque<>();
        char quote = 0;
        for (int i = 0; i < inside.length(); i++) {
            char c = inside.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '\'', '"' -> quote = c;
                case '(', '[', '{' -> stack.push(c);
                case ')', ']', '}' -> {
                    char expected = c == ')' ? '(' : c == ']' ? '[' : '{';
                    if (stack.isEmpty() || stack.pop() != expected) {
                        return Optional.of("unbalanced '" + c + "' in the template at character " + (start + 1));
                    }
                }
                default -> {
                }
            }
        }
        if (quote != 0) {
            return Optional.of("unclosed quote in the template at character " + (start + 1));
        }
        if (!stack.isEmpty()) {
            return Optional.of("unclosed '" + stack.peek() + "' in the template at character " + (start + 1));
        }
        return Optional.empty();
    }

    /** The text without its leading and trailing whitespace-control sign ({@code {{- x -}}}), one of each at most. */
    private static String stripControl(String inside) {
        return TRAILING_CONTROL.matcher(LEADING_CONTROL.matcher(inside).replaceFirst("")).replaceFirst("");
    }

    private static Optional<String> tag(String inside, int start, Deque<String> open, Deque<Integer> openedAt) {
        String name = TAG_NAME_END.split(inside, 2)[0];
        if (name.isEmpty()) {
            return Optional.of("empty tag '{% %}' at character " + (start + 1));
        }
        Optional<String> brackets = brackets(inside, start);
        if (brackets.isPresent()) {
            return brackets;
        }
        boolean opens = name.equals("set") ? !inside.contains("=") : BLOCKS.containsKey(name);
        if (opens) {
            open.push(name);
            openedAt.push(start);
        } else if (BLOCKS.containsValue(name)) {
            if (open.isEmpty() || !BLOCKS.get(open.peek()).equals(name)) {
                return Optional.of("'{% " + name + " %}' at character " + (start + 1) + (open.isEmpty() ? " closes no block"
                        : " but the open block is '{% " + open.peek() + " %}'"));
            }
            open.pop();
            openedAt.pop();
        } else if (name.equals("elif") || name.equals("else")) {
            if (open.isEmpty() || !MIDDLES.getOrDefault(open.peek(), Set.of()).contains(name)) {
                return Optional.of("'{% " + name + " %}' at character " + (start + 1) + " is outside an if or for block");
            }
        }
        return Optional.empty();
    }
}
