package jitbook.ops;

import static jitbook.ops.OpSamples.a;
import static jitbook.ops.OpSamples.expect;
import static jitbook.ops.Ref.at;
import static jitbook.ops.Ref.f32;
import static jitbook.ops.Ref.f64;
import static jitbook.ops.Ref.ints;
import static jitbook.ops.Ref.list;
import static jitbook.ops.Ref.longs;
import static jitbook.ops.Ref.s;

import java.util.List;

/** Samples for ShapeOps and IndexOps, with index-arithmetic oracles. */
final class ShapeSamples {
    private ShapeSamples() {
    }

    /** The same row-major elements under a new shape. */
    static NdArray sameData(NdArray x, long[] shape) {
        return Ref.build(x.dtype(), shape, i -> x.getDouble(Ref.ravel(shape, i)));
    }

    static long[] insert(long[] idx, int d, long v) {
        long[] out = new long[idx.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) out[i] = i == d ? v : idx[j++];
        return out;
    }

    static long[] drop(long[] idx, int d) {
        long[] out = new long[idx.length - 1];
        for (int i = 0, j = 0; i < idx.length; i++) if (i != d) out[j++] = idx[i];
        return out;
    }

    static long[] with(long[] idx, int d, long v) {
        long[] out = idx.clone();
        out[d] = v;
        return out;
    }

    static NdArray transposed(NdArray m) {
        return Ref.build(m.dtype(), s(m.dim(1), m.dim(0)), i -> at(m, i[1], i[0]));
    }

    /** Oracle for cat along dim d. */
    static NdArray cat(List<NdArray> ts, int d) {
        long[] shape = ts.get(0).shape();
        shape[d] = 0;
        for (NdArray t : ts) shape[d] += t.dim(d);
        return Ref.build(ts.get(0).dtype(), shape, i -> {
            long off = i[d];
            for (NdArray t : ts) {
                if (off < t.dim(d)) return at(t, with(i, d, off));
                off -= t.dim(d);
            }
            throw new AssertionError();
        });
    }

    @SuppressWarnings("unchecked")
    static void add(OpSamples s) {
        s.add("tensor::sum_to_size", "[2,3,4] to [3,1]", expect(x -> sameData(Ref.reduce(a(x, 0), s(0, 2), false, DType.FLOAT32,
                v -> java.util.Arrays.stream(v).sum()), s(3, 1))), f32(2, 3, 4), f32(3, 1));
        s.add("tensor::sum_to_size", "f64 [2,3] to [1,3]", expect(x -> Ref.reduce(a(x, 0), s(0), true, DType.FLOAT64,
                v -> java.util.Arrays.stream(v).sum())), f64(2, 3), f64(1, 3));
        s.add("tensor::sum_to_size", "same shape", expect(x -> a(x, 0)), f64(2, 3), f64(2, 3));
        s.add("tensor::sum_to_size", "int64 to 0-d", expect(x -> Ref.reduce(a(x, 0), null, false, DType.INT64,
                v -> java.util.Arrays.stream(v).sum())), ints(-5, 5, 2, 3), ints(0, 1));
        s.add("tensor::expand_as", "[3,1] as [2,3,4]", expect(x -> Ref.build(DType.FLOAT32, a(x, 1).shape(), i -> Ref.atB(a(x, 0), i))),
                f32(3, 1), f32(2, 3, 4));
        s.add("tensor::expand", "[3,1] to [2,-1,4]", expect(x -> Ref.build(DType.FLOAT32, s(2, 3, 4), i -> Ref.atB(a(x, 0), i))),
                f32(3, 1), s(2, -1, 4));
        s.add("tensor::expand", "int64 0-d to [2,2]", expect(x -> Ref.build(DType.INT64, s(2, 2), i -> Ref.atB(a(x, 0), i))),
                ints(0, 9), s(2, 2));
        s.add("tensor::unreduce", "dims [0]", expect(x -> Ref.build(DType.FLOAT32, s(2, 3), i -> at(a(x, 0), i[1]))),
                f32(3), f32(2, 3), s(0), false);
        s.add("tensor::unreduce", "dims None", expect(x -> Ref.build(DType.FLOAT64, s(2, 3), i -> at(a(x, 0)))),
                f64(), f64(2, 3), null, false);
        s.add("tensor::unreduce", "keepdim [1]", expect(x -> Ref.build(DType.FLOAT64, s(2, 3), i -> at(a(x, 0), i[0], 0))),
                f64(2, 1), f64(2, 3), s(1), true);

        s.add("tensor::reshape", "[2,3,4] to [4,-1]", expect(x -> sameData(a(x, 0), s(4, 6))), f32(2, 3, 4), s(4, -1));
        s.add("tensor::reshape", "to 0-d", expect(x -> sameData(a(x, 0), s())), f64(1, 1), s());
        s.add("tensor::reshape_as", "[2,3] as [3,2]", expect(x -> sameData(a(x, 0), s(3, 2))), f32(2, 3), f32(3, 2));
        s.add("tensor::flatten", "default", expect(x -> sameData(a(x, 0), s(24))), f32(2, 3, 4));
        s.add("tensor::flatten", "dims 1..2", expect(x -> sameData(a(x, 0), s(2, 12))), f64(2, 3, 4), 1L, 2L);
        s.add("tensor::flatten", "0-d", expect(x -> sameData(a(x, 0), s(1))), f64());
        s.add("tensor::squeeze", "all", expect(x -> sameData(a(x, 0), s(2, 3))), f32(2, 1, 3, 1));
        s.add("tensor::squeeze", "dim 1", expect(x -> sameData(a(x, 0), s(2, 3, 1))), f64(2, 1, 3, 1), 1L);
        s.add("tensor::squeeze", "dim of size 2 stays", expect(x -> sameData(a(x, 0), s(2, 1, 3, 1))), f64(2, 1, 3, 1), 0L);
        s.add("tensor::unsqueeze", "dim -1", expect(x -> sameData(a(x, 0), s(2, 3, 1))), f32(2, 3), -1L);
        s.add("tensor::unsqueeze", "dim 0", expect(x -> sameData(a(x, 0), s(1, 2, 3))), f64(2, 3), 0L);

        s.add("tensor::t", "2-D", expect(x -> Ref.build(DType.FLOAT32, s(3, 2), i -> at(a(x, 0), i[1], i[0]))), f32(2, 3));
        s.add("tensor::t", "1-D unchanged", expect(x -> a(x, 0)), f64(3));
        s.add("tensor::transpose", "0,2", expect(x -> Ref.build(DType.FLOAT32, s(4, 3, 2), i -> at(a(x, 0), i[2], i[1], i[0]))),
                f32(2, 3, 4), 0L, 2L);
        s.add("tensor::transpose", "-2,-1", expect(x -> Ref.build(DType.FLOAT64, s(2, 4, 3), i -> at(a(x, 0), i[0], i[2], i[1]))),
                f64(2, 3, 4), -2L, -1L);
        s.add("tensor::permute", "[2,0,1]", expect(x -> Ref.build(DType.FLOAT32, s(4, 2, 3), i -> at(a(x, 0), i[1], i[2], i[0]))),
                f32(2, 3, 4), s(2, 0, 1));
        s.add("tensor::permute_backward", "[2,0,1]", expect(x -> Ref.build(DType.FLOAT64, s(2, 3, 4),
                j -> at(a(x, 0), j[2], j[0], j[1]))), f64(4, 2, 3), s(2, 0, 1));

        s.add("tensor::cat", "dim 0", expect(x -> cat((List<NdArray>) x[0], 0)), list(f32(2, 3), f32(1, 3)), 0L);
        s.add("tensor::cat", "dim -1 of three", expect(x -> cat((List<NdArray>) x[0], 1)), list(f64(2, 3), f64(2, 2), f64(2, 1)), -1L);
        s.add("tensor::cat", "default dim, int64", expect(x -> cat((List<NdArray>) x[0], 0)), list(ints(0, 9, 2), ints(0, 9, 3)));
        s.add("tensor::split_like", "second piece", expect(x -> Ref.build(DType.FLOAT32, s(1, 3), i -> at(a(x, 0), 2, i[1]))),
                f32(3, 3), list(f32(2, 3), f32(1, 3)), 0L, 1L);
        s.add("tensor::split_like", "dim 1 first piece", expect(x -> Ref.build(DType.FLOAT64, s(2, 2), i -> at(a(x, 0), i[0], i[1]))),
                f64(2, 5), list(f64(2, 2), f64(2, 3)), 1L, 0L);
        s.add("tensor::stack", "dim 1", expect(x -> Ref.build(DType.FLOAT32, s(2, 2, 3),
                i -> at(((List<NdArray>) x[0]).get((int) i[1]), i[0], i[2]))), list(f32(2, 3), f32(2, 3)), 1L);
        s.add("tensor::stack", "dim -1 of three", expect(x -> Ref.build(DType.FLOAT64, s(2, 3),
                i -> at(((List<NdArray>) x[0]).get((int) i[1]), i[0]))), list(f64(2), f64(2), f64(2)), -1L);

        s.add("tensor::narrow", "rows 1..2", expect(x -> Ref.build(DType.FLOAT32, s(2, 3), i -> at(a(x, 0), i[0] + 1, i[1]))),
                f32(4, 3), 0L, 1L, 2L);
        s.add("tensor::narrow", "negative start", expect(x -> Ref.build(DType.FLOAT64, s(4, 2), i -> at(a(x, 0), i[0], i[1] + 1))),
                f64(4, 3), 1L, -2L, 2L);
        s.add("tensor::narrow_backward", "rows 1..2", expect(x -> Ref.build(DType.FLOAT64, s(4, 3),
                i -> i[0] >= 1 && i[0] < 3 ? at(a(x, 0), i[0] - 1, i[1]) : 0)), f64(2, 3), f64(4, 3), 0L, 1L, 2L);
        s.add("tensor::select", "dim 1 index -1", expect(x -> Ref.build(DType.FLOAT32, s(2, 4), i -> at(a(x, 0), i[0], 2, i[1]))),
                f32(2, 3, 4), 1L, -1L);
        s.add("tensor::select", "1-D to 0-d", expect(x -> Ref.build(DType.INT64, s(), i -> at(a(x, 0), 1))), ints(0, 9, 3), 0L, 1L);
        s.add("tensor::select_backward", "dim 1 index -1", expect(x -> Ref.build(DType.FLOAT64, s(2, 3, 4),
                i -> i[1] == 2 ? at(a(x, 0), i[0], i[2]) : 0)), f64(2, 4), f64(2, 3, 4), 1L, -1L);
        s.add("tensor::index_select", "rows with repeats", expect(x -> Ref.build(DType.FLOAT32, s(3, 3),
                i -> at(a(x, 0), a(x, 2).longs()[(int) i[0]], i[1]))), f32(4, 3), 0L, longs(s(3), 2, 0, 2));
        s.add("tensor::index_select", "dim 1", expect(x -> Ref.build(DType.FLOAT64, s(4, 2),
                i -> at(a(x, 0), i[0], new long[] {2, 0}[(int) i[1]]))), f64(4, 3), 1L, longs(s(2), 2, 0));
        s.add("tensor::index_select_backward", "repeats accumulate", expect(x -> Ref.build(DType.FLOAT64, s(4, 3), i -> {
            double v = 0;
            long[] ix = a(x, 3).longs();
            for (int k = 0; k < ix.length; k++) if (ix[k] == i[0]) v += at(a(x, 0), k, i[1]);
            return v;
        })), f64(3, 3), f64(4, 3), 0L, longs(s(3), 2, 0, 2));
    }
}
