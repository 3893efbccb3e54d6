package jitbook.kernel.handlers;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import jitbook.kernel.wire.Json;

/**
 * The inputs (and plain-text outputs) of this kernel session's cells, answering
 * {@code history_request} with access types {@code tail}, {@code range} and {@code search}.
 * Kept in memory for the life of the process: session number 1 is always "this session".
 */
public final class History {
    static final int SESSION = 1;

    private record Entry(int line, String input, String output) {}

    private final List<Entry> entries = new ArrayList<>();

    public synchronized void add(int line, String input) {
        entries.add(new Entry(line, input, null));
    }

    public synchronized void setOutput(int line, String output) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).line() == line) {
                entries.set(i, new Entry(line, entries.get(i).input(), output));
                return;
            }
        }
    }

    /** The reply content for a history request. */
    public synchronized JsonObject reply(JsonObject request) {
        boolean output = Json.bool(request, "output", false);
        String type = Json.str(request, "hist_access_type", "tail");
        List<Entry> selected;
        switch (type) {
            case "range" -> {
                int start = Json.integer(request, "start", 0);
                int stop = Json.integer(request, "stop", Integer.MAX_VALUE);
                int session = Json.integer(request, "session", 0);
                selected = new ArrayList<>();
                // Session 0 or negative offsets mean "this session" for a single-session kernel.
                if (session <= 0 || session == SESSION) {
                    for (Entry e : entries) if (e.line() >= start && (stop <= 0 || e.line() < stop)) selected.add(e);
                }
            }
            case "search" -> {
                String glob = Json.str(request, "pattern", "*");
                Pattern p = Pattern.compile(globToRegex(glob), Pattern.DOTALL);
                List<Entry> found = new ArrayList<>();
                Set<String> seen = new LinkedHashSet<>();
                boolean unique = Json.bool(request, "unique", false);
                for (int i = entries.size() - 1; i >= 0; i--) {
                    Entry e = entries.get(i);
                    if (!p.matcher(e.input()).matches()) continue;
                    if (unique && !seen.add(e.input())) continue;
                    found.add(0, e);
                }
                selected = tail(found, Json.integer(request, "n", found.size()));
            }
            default -> selected = tail(entries, Json.integer(request, "n", 10));
        }
        JsonArray history = new JsonArray();
        for (Entry e : selected) {
            JsonArray row = new JsonArray();
            row.add(SESSION);
            row.add(e.line());
            if (output) {
                JsonArray io = new JsonArray();
                io.add(e.input());
                io.add(e.output());
                row.add(io);
            } else {
                row.add(e.input());
            }
            history.add(row);
        }
        JsonObject reply = new JsonObject();
        reply.addProperty("status", "ok");
        reply.add("history", history);
        return reply;
    }

    private static List<Entry> tail(List<Entry> list, int n) {
        return new ArrayList<>(list.subList(Math.max(0, list.size() - Math.max(0, n)), list.size()));
    }

    static String globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }
}
