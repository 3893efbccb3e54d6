package jitbook.exec;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.junit.jupiter.api.Test;

import jitbook.exec.fuse.BufferPool;
import jitbook.ops.DType;
import jitbook.ops.NdArray;

/** The check every reader of a pooled fusion-group output runs: results sharing the array keep it from reuse. */
class PooledValueWatchTest {
    private static final int N = 20_000;

    @Test
    void theLastReaderGivesTheArrayBackAndClearsTheSlot() {
        BufferPool pool = new BufferPool();
        Object data = pool.take(DType.FLOAT32, N);
        Object[] frame = {new NdArray(DType.FLOAT32, new long[] {N}, data)};
        new Instr.Watch(0, pool, true).after(frame, NdArray.zeros(DType.FLOAT32, new long[] {N}));
        assertNull(frame[0], "the dead value's slot is cleared");
        assertSame(data, pool.take(DType.FLOAT32, N), "the next take reuses it");
    }

    @Test
    void aResultThatIsTheValueItselfKeepsItsArrayFromReuse() {
        BufferPool pool = new BufferPool();
        Object data = pool.take(DType.FLOAT32, N);
        NdArray v = new NdArray(DType.FLOAT32, new long[] {N}, data);
        Object[] frame = {v};
        new Instr.Watch(0, pool, true).after(frame, v);
        assertNotSame(data, pool.take(DType.FLOAT32, N));
    }

    @Test
    void anEarlierReaderWhoseResultSharesTheArrayKeepsItFromReuse() {
        BufferPool pool = new BufferPool();
        Object data = pool.take(DType.FLOAT32, N);
        NdArray v = new NdArray(DType.FLOAT32, new long[] {N}, data);
        Object[] frame = {v};
        // a view inside a list result, then an unrelated last reader
        new Instr.Watch(0, pool, false).after(frame, List.of(v.reshapeView(new long[] {100, 200})));
        new Instr.Watch(0, pool, true).after(frame, NdArray.scalar(DType.FLOAT32, 1));
        assertNotSame(data, pool.take(DType.FLOAT32, N));
    }
}
