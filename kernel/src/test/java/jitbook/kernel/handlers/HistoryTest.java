package jitbook.kernel.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class HistoryTest {
    private static JsonArray ask(History h, String json) {
        return h.reply(JsonParser.parseString(json).getAsJsonObject()).getAsJsonArray("history");
    }

    @Test
    void tailRangeAndSearch() {
        History h = new History();
        h.add(1, "int x = 1;");
        h.add(2, "System.out.println(x);");
        h.add(3, "x + 1");
        h.setOutput(3, "2");
        h.add(4, "System.out.println(x);");
        assertEquals(2, ask(h, "{\"hist_access_type\":\"tail\",\"n\":2}").size());
        JsonArray range = ask(h, "{\"hist_access_type\":\"range\",\"session\":0,\"start\":2,\"stop\":4,\"output\":true}");
        assertEquals(2, range.size());
        assertEquals("2", range.get(1).getAsJsonArray().get(2).getAsJsonArray().get(1).getAsString());
        assertEquals(2, ask(h, "{\"hist_access_type\":\"search\",\"pattern\":\"*println*\"}").size());
        assertEquals(1, ask(h, "{\"hist_access_type\":\"search\",\"pattern\":\"*println*\",\"unique\":true}").size());
        JsonObject reply = h.reply(new JsonObject());
        assertEquals("ok", reply.get("status").getAsString());
    }
}
