package io.emrdag.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.emrdag.cache.GenerationCache.Entry;
import io.emrdag.cache.GenerationCache.Identity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CacheFileTest {

    private static CacheFile.Contents contents() {
        Map<String, Entry> entries = new TreeMap<>();
        entries.put("p/orders.yaml", new Entry("a".repeat(64), new Identity(120, 1_765_000_000_123_456_789L, "(dev=803,ino=12)"), "default",
                "orders_dag.py", "b".repeat(64), new Identity(9_000, 1_765_000_001_000_000_000L, "(dev=803,ino=13)"), "", "claims"));
        entries.put("p/sub/claims-é.yaml", new Entry("unreadable", new Identity(0, -1, "null"), "", "sub/claims_dag.py",
                "c".repeat(64), new Identity(Long.MAX_VALUE, Long.MIN_VALUE, ""), "orders,x", ""));
        return new CacheFile.Contents("k".repeat(64), "/tmp/out ü", 1_765_000_002_000_000_000L, entries);
    }

    @Test
    void whatIsWrittenReadsBackTheSame() throws IOException {
        CacheFile.Contents written = contents();
        CacheFile.Contents read = CacheFile.read(CacheFile.write(written));
        assertEquals(written.key(), read.key());
        assertEquals(written.root(), read.root());
        assertEquals(written.savedAt(), read.savedAt());
        assertEquals(written.entries(), read.entries());
        assertArrayEquals(CacheFile.write(written), CacheFile.write(new CacheFile.Contents(read.key(), read.root(), read.savedAt(),
                new TreeMap<>(read.entries()))), "the same contents in the same order, the same bytes");
    }

    @Test
    void anEmptyCacheReadsBack() throws IOException {
        CacheFile.Contents empty = new CacheFile.Contents("k", "/", 0, Map.of());
        assertEquals(Map.of(), CacheFile.read(CacheFile.write(empty)).entries());
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] bytes = CacheFile.write(contents());
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThrows(IOException.class, () -> CacheFile.read(cut), "cut at " + length);
        }
    }

    @Test
    void everyChangedByteIsRefused() {
        byte[] bytes = CacheFile.write(contents());
        for (int at = 0; at < bytes.length; at++) {
            for (int flip : new int[] {1, 0x20, 0x80, 0xff}) {
                byte[] changed = bytes.clone();
                changed[at] ^= (byte) flip;
                int where = at;
                assertThrows(IOException.class, () -> CacheFile.read(changed), "byte " + where + " ^ " + flip);
            }
        }
    }

    @Test
    void anythingAfterTheCacheIsRefused() {
        byte[] bytes = CacheFile.write(contents());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(IOException.class, () -> CacheFile.read(longer));
    }

    @Test
    void foreignFilesAreRefused() {
        for (String text : new String[] {"", "{\"key\": [1, 2", "emrdag generation cache 3\n", "emrdag generation cache 4\n"}) {
            assertThrows(IOException.class, () -> CacheFile.read(text.getBytes(StandardCharsets.UTF_8)), text);
        }
    }
}
