package jitbook.magics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jitbook.ops.EditDistance;

/** "Did you mean ...?" for misspelt magic names, options and variables. */
public final class Suggest {
    private Suggest() {
    }

    /** The candidates within a small edit distance of {@code word}, closest first (at most three). */
    public static List<String> near(String word, Collection<String> candidates) {
        List<String> out = new ArrayList<>();
        int limit = Math.max(1, word.length() / 3);
        for (int d = 0; d <= limit && out.size() < 3; d++) {
            for (String c : candidates) {
                if (out.size() < 3 && !out.contains(c) && EditDistance.of(word.toLowerCase(), c.toLowerCase()) == d) out.add(c);
            }
        }
        for (String c : candidates) {
            if (out.size() < 3 && !out.contains(c) && word.length() >= 2 && c.startsWith(word)) out.add(c);
        }
        return out;
    }

    /** {@code " (did you mean a or b?)"}, or empty. */
    public static String didYouMean(String word, Collection<String> candidates) {
        List<String> n = near(word, candidates);
        return n.isEmpty() ? "" : " (did you mean " + String.join(" or ", n) + "?)";
    }
}
