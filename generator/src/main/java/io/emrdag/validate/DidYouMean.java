package io.emrdag.validate;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** Suggests the known word closest to a misspelt one, when it is close enough to be a plausible typo. */
public final class DidYouMean {

    private DidYouMean() {
    }

    public static Optional<String> suggest(String typed, Collection<String> known) {
        String lower = typed.toLowerCase(Locale.ROOT);
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return known.stream()
                .filter(k -> distance.apply(lower, k.toLowerCase(Locale.ROOT)) <= Math.max(2, k.length() / 3))
                .min(Comparator.comparingInt((String k) -> distance.apply(lower, k.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()));
    }
}
