package io.sluice.producer.internal.spool;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads a segment entry by entry, checking each frame's length and CRC-32C before its body is looked at. In the last
 * segment the first bad frame is where a crash cut the journal: it and everything after it is dropped and the file
 * truncated there (a {@code kill -9} tears only the tail; a machine crash may leave any unforced tail bytes
 * garbage). In any other segment a bad frame is corruption and fails with the file and offset.
 */
final class SegmentScanner {
    private static final System.Logger LOG = System.getLogger(SegmentScanner.class.getName());

    /** Receives each valid entry; {@code body} reads the bytes after the type. */
    interface Visitor {
        void entry(byte type, EntryReader body, long offset);
    }

    private final CRC32C crc = new CRC32C();
    private final byte[] frame = new byte[Entries.FRAME];
    private byte[] body = new byte[64 * 1024];

    /**
     * Visits every valid entry of {@code path}; returns the length of its valid part (the file's size unless a
     * torn tail of the last segment was truncated).
     */
    long scan(Path path, boolean last, Visitor visitor) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            long size = file.length();
            long offset = 0;
            while (offset < size) {
                String problem = readEntry(file, offset, size);
                if (problem != null) {
                    if (!last) {
                        throw new SpoolException("spool segment " + path + " is corrupt at offset " + offset + ": "
                                + problem + " (not the last segment, so not a torn write)");
                    }
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "spool segment " + path + ": dropping " + (size - offset) + " bytes from offset " + offset
                                    + ", a write cut short by a crash (" + problem + ")");
                    file.setLength(offset);
                    return offset;
                }
                int length = Bytes.getInt(frame, 0);
                byte type = body[0];
                try {
                    visitor.entry(type, new EntryReader(body, 1, length), offset);
                } catch (EntryReader.MalformedEntryException | IllegalArgumentException e) {
                    throw new SpoolException(
                            "spool segment " + path + " has a malformed " + EntryType.name(type) + " entry at offset "
                                    + offset + ": " + e.getMessage(),
                            e);
                }
                offset += Entries.FRAME + length;
            }
            return offset;
        }
    }

    /** Reads the entry at {@code offset} into {@link #frame} and {@link #body}; returns what is wrong, or null. */
    private String readEntry(RandomAccessFile file, long offset, long size) throws IOException {
        if (size - offset < Entries.FRAME + 1) {
            return "a frame of " + (size - offset) + " bytes, shorter than a header";
        }
        file.seek(offset);
        file.readFully(frame);
        int length = Bytes.getInt(frame, 0);
        if (length < 1 || length > size - offset - Entries.FRAME) {
            return "length " + length + " does not fit the " + (size - offset - Entries.FRAME) + " bytes left";
        }
        if (body.length < length) {
            body = new byte[Math.max(length, body.length * 2)];
        }
        try {
            file.readFully(body, 0, length);
        } catch (EOFException e) {
            return "the file ended inside the entry";
        }
        crc.reset();
        crc.update(body, 0, length);
        int expected = Bytes.getInt(frame, 4);
        if ((int) crc.getValue() != expected) {
            return "CRC-32C " + Integer.toHexString((int) crc.getValue()) + " where the frame says "
                    + Integer.toHexString(expected);
        }
        if (EntryType.name(body[0]).startsWith("unknown")) {
            return EntryType.name(body[0]);
        }
        return null;
    }
}
