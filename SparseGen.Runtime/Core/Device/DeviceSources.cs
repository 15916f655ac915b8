namespace SparseGen.Core.Device;

/// <summary>
/// The C texts of a layer's device kernels, shared by the generator (which bakes a topology's constants and
/// tables in front of them) and the runtime (whose generic kernel passes the same names as arguments).
/// </summary>
/// <remarks>
/// Every layer program defines four kernels over feature-major activations (<c>[features, batch]</c>):
/// <c>forward(w, bias, x, z, batch)</c> and <c>backward_input(w, dz, dx, batch)</c> on a 2-D range
/// (dimension 0 the sample, dimension 1 the output or input), <c>weight_gradient(x, dz, dw, batch)</c> on one
/// work-item per weight slot (or <c>weight_gradient_reduce</c> on a work-group per slot) and
/// <c>bias_gradient(dz, db, batch)</c> on one work-item per output. A body
/// expects <c>IN</c>, <c>OUT</c> and its tables, and <c>SG_LAYER_PARAMS</c> (empty when they are baked in).
/// </remarks>
internal static class DeviceSources
{
    /// <summary>Macros that make one text valid OpenCL C 1.2 and CUDA C++ (NVRTC).</summary>
    public const string Prelude = """
        #if defined(__OPENCL_VERSION__)
        #define SG_KERNEL __kernel
        #define SG_GLOBAL __global
        #define SG_TABLE __constant
        #define SG_RESTRICT restrict
        #define SG_ID(d) ((int)get_global_id(d))
        #define SG_EXP(x) exp(x)
        #define SG_TANH(x) tanh(x)
        #define SG_SQRT(x) sqrt(x)
        #define SG_FUNC static
        #define SG_SHARED __local
        #define SG_BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
        #define SG_LID(d) ((int)get_local_id(d))
        #define SG_LSIZE(d) ((int)get_local_size(d))
        #define SG_GROUP(d) ((int)get_group_id(d))
        #define SG_U64(x) x##UL
        typedef ulong sg_u64;
        #else
        #define SG_KERNEL extern "C" __global__
        #define SG_GLOBAL
        #define SG_TABLE __device__ const
        #define SG_RESTRICT __restrict__
        #define SG_ID(d) ((int)((d) == 0 ? blockIdx.x * blockDim.x + threadIdx.x : blockIdx.y * blockDim.y + threadIdx.y))
        #define SG_EXP(x) expf(x)
        #define SG_TANH(x) tanhf(x)
        #define SG_SQRT(x) sqrtf(x)
        #define SG_FUNC static __device__
        #define SG_SHARED __shared__
        #define SG_BARRIER() __syncthreads()
        #define SG_LID(d) ((int)((d) == 0 ? threadIdx.x : threadIdx.y))
        #define SG_LSIZE(d) ((int)((d) == 0 ? blockDim.x : blockDim.y))
        #define SG_GROUP(d) ((int)((d) == 0 ? blockIdx.x : blockIdx.y))
        #define SG_U64(x) x##ULL
        typedef unsigned long long sg_u64;
        #endif

        """;

    /// <summary>Work-items per weight slot of <c>weight_gradient_reduce</c>: one work-group of this size sums a slot's batch.</summary>
    public const int ReduceGroupSize = 64;

    /// <summary>
    /// The gradients every topology shares, over the body's <c>SG_SLOTS</c> weight slots and its
    /// <c>SG_EDGE(s, i, j)</c>, which sets the input <c>i</c> and output <c>j</c> of slot <c>s</c> and is false for a
    /// padding slot: <c>dw[s] = sum_b dz[j, b] * x[i, b]</c> by one work-item per slot (<c>weight_gradient</c>) or by
    /// a work-group of <see cref="ReduceGroupSize"/> per slot that strides over the batch and adds its partial sums
    /// in a fixed tree (<c>weight_gradient_reduce</c>, for large batches; deterministic); <c>db[j] = sum_b dz[j, b]</c>.
    /// </summary>
    private const string Gradients = """
        SG_KERNEL void weight_gradient(const SG_GLOBAL float* SG_RESTRICT x, const SG_GLOBAL float* SG_RESTRICT dz, SG_GLOBAL float* SG_RESTRICT dw, int batch SG_LAYER_PARAMS)
        {
            int s = SG_ID(0), i, j;
            if (s >= SG_SLOTS) return;
            float acc = 0.0f;
            if (SG_EDGE(s, i, j))
            {
                for (int b = 0; b < batch; b++) acc += dz[j * batch + b] * x[i * batch + b];
            }
            dw[s] = acc;
        }

        SG_KERNEL void weight_gradient_reduce(const SG_GLOBAL float* SG_RESTRICT x, const SG_GLOBAL float* SG_RESTRICT dz, SG_GLOBAL float* SG_RESTRICT dw, int batch SG_LAYER_PARAMS)
        {
            SG_SHARED float part[64]; /* ReduceGroupSize */
            int s = SG_GROUP(0), lane = SG_LID(0), i, j;
            float acc = 0.0f;
            if (s < SG_SLOTS && SG_EDGE(s, i, j))
            {
                for (int b = lane; b < batch; b += 64) acc += dz[j * batch + b] * x[i * batch + b];
            }
            part[lane] = acc;
            SG_BARRIER();
            for (int span = 32; span > 0; span >>= 1)
            {
                if (lane < span) part[lane] += part[lane + span];
                SG_BARRIER();
            }
            if (lane == 0 && s < SG_SLOTS) dw[s] = part[0];
        }

        SG_KERNEL void bias_gradient(const SG_GLOBAL float* SG_RESTRICT dz, SG_GLOBAL float* SG_RESTRICT db, int batch SG_LAYER_PARAMS)
        {
            int j = SG_ID(0);
            if (j >= OUT) return;
            float acc = 0.0f;
            for (int b = 0; b < batch; b++) acc += dz[j * batch + b];
            db[j] = acc;
        }

        """;

    /// <summary>
    /// A k-major ELL layer: weight slot <c>k * OUT + j</c> is the k-th edge into output <c>j</c>, from input
    /// <c>IDX[k * OUT + j]</c> (-1 past the row's end); <c>TSLOT[k * IN + i]</c> is the slot of the k-th edge out of
    /// input <c>i</c> (-1 past its end), so <c>dx</c> gathers per input without atomics.
    /// </summary>
    public const string EllBody = """
        SG_KERNEL void forward(const SG_GLOBAL float* SG_RESTRICT w, const SG_GLOBAL float* SG_RESTRICT bias, const SG_GLOBAL float* SG_RESTRICT x, SG_GLOBAL float* SG_RESTRICT z, int batch SG_LAYER_PARAMS)
        {
            int b = SG_ID(0), j = SG_ID(1);
            if (b >= batch || j >= OUT) return;
            float acc = bias[j];
            for (int k = 0; k < WIDTH; k++)
            {
                int i = IDX[k * OUT + j];
                if (i < 0) break;
                acc += w[k * OUT + j] * x[i * batch + b];
            }
            z[j * batch + b] = acc;
        }

        SG_KERNEL void backward_input(const SG_GLOBAL float* SG_RESTRICT w, const SG_GLOBAL float* SG_RESTRICT dz, SG_GLOBAL float* SG_RESTRICT dx, int batch SG_LAYER_PARAMS)
        {
            int b = SG_ID(0), i = SG_ID(1);
            if (b >= batch || i >= IN) return;
            float acc = 0.0f;
            for (int k = 0; k < TWIDTH; k++)
            {
                int s = TSLOT[k * IN + i];
                if (s < 0) break;
                acc += w[s] * dz[(s % OUT) * batch + b];
            }
            dx[i * batch + b] = acc;
        }

        #define SG_SLOTS (WIDTH * OUT)
        #define SG_EDGE(s, i, j) (i = IDX[s], j = (s) % OUT, i >= 0)

        """ + Gradients;

    /// <summary>
    /// A rotating layer (Bourely 2017, section 3.1.2), index-free: input <c>i</c> feeds output
    /// <c>(SHIFT[t] + i) mod OUT</c> through weight slot <c>t * IN + i</c>, for each of the <c>DEGREE</c> shifts.
    /// </summary>
    public const string RotatingBody = """
        SG_KERNEL void forward(const SG_GLOBAL float* SG_RESTRICT w, const SG_GLOBAL float* SG_RESTRICT bias, const SG_GLOBAL float* SG_RESTRICT x, SG_GLOBAL float* SG_RESTRICT z, int batch SG_LAYER_PARAMS)
        {
            int b = SG_ID(0), j = SG_ID(1);
            if (b >= batch || j >= OUT) return;
            float acc = bias[j];
            for (int t = 0; t < DEGREE; t++)
            {
                for (int i = (j - SHIFT[t] + OUT) % OUT; i < IN; i += OUT) acc += w[t * IN + i] * x[i * batch + b];
            }
            z[j * batch + b] = acc;
        }

        SG_KERNEL void backward_input(const SG_GLOBAL float* SG_RESTRICT w, const SG_GLOBAL float* SG_RESTRICT dz, SG_GLOBAL float* SG_RESTRICT dx, int batch SG_LAYER_PARAMS)
        {
            int b = SG_ID(0), i = SG_ID(1);
            if (b >= batch || i >= IN) return;
            float acc = 0.0f;
            for (int t = 0; t < DEGREE; t++) acc += w[t * IN + i] * dz[((SHIFT[t] + i) % OUT) * batch + b];
            dx[i * batch + b] = acc;
        }

        #define SG_SLOTS (DEGREE * IN)
        #define SG_EDGE(s, i, j) (i = (s) % IN, j = (SHIFT[(s) / IN] + i) % OUT, 1)

        """ + Gradients;

    /// <summary>
    /// A dense layer, index-free: weight slot <c>i * OUT + j</c> joins input <c>i</c> to output <c>j</c> (k-major with
    /// k = i). <c>forward</c> and <c>backward_input</c> are tiled: each work-group (up to 64 samples by 64 units, any
    /// shape) stages <c>SG_TILE</c> rows of the weights and of its samples in local memory, so each value read from
    /// global memory serves the whole group instead of one work-item.
    /// </summary>
    public const string DenseBody = """
        #define SG_TILE 16

        SG_KERNEL void forward(const SG_GLOBAL float* SG_RESTRICT w, const SG_GLOBAL float* SG_RESTRICT bias, const SG_GLOBAL float* SG_RESTRICT x, SG_GLOBAL float* SG_RESTRICT z, int batch SG_LAYER_PARAMS)
        {
            SG_SHARED float xs[SG_TILE][64];
            SG_SHARED float ws[SG_TILE][64];
            int nx = SG_LSIZE(0), ny = SG_LSIZE(1), lx = SG_LID(0), ly = SG_LID(1);
            int b0 = SG_GROUP(0) * nx, j0 = SG_GROUP(1) * ny, lane = ly * nx + lx;
            int b = b0 + lx, j = j0 + ly;
            float acc = j < OUT ? bias[j] : 0.0f;
            for (int i0 = 0; i0 < IN; i0 += SG_TILE)
            {
                for (int t = lane; t < SG_TILE * nx; t += nx * ny)
                {
                    int i = i0 + t / nx, c = b0 + t % nx;
                    xs[t / nx][t % nx] = i < IN && c < batch ? x[i * batch + c] : 0.0f;
                }
                for (int t = lane; t < SG_TILE * ny; t += nx * ny)
                {
                    int i = i0 + t / ny, r = j0 + t % ny;
                    ws[t / ny][t % ny] = i < IN && r < OUT ? w[i * OUT + r] : 0.0f;
                }
                SG_BARRIER();
                for (int k = 0; k < SG_TILE; k++) acc += ws[k][ly] * xs[k][lx];
                SG_BARRIER();
            }
            if (b < batch && j < OUT) z[j * batch + b] = acc;
        }

        SG_KERNEL void backward_input(const SG_GLOBAL float* SG_RESTRICT w, const SG_GLOBAL float* SG_RESTRICT dz, SG_GLOBAL float* SG_RESTRICT dx, int batch SG_LAYER_PARAMS)
        {
            SG_SHARED float gs[SG_TILE][64];
            SG_SHARED float ws[SG_TILE][64];
            int nx = SG_LSIZE(0), ny = SG_LSIZE(1), lx = SG_LID(0), ly = SG_LID(1);
            int b0 = SG_GROUP(0) * nx, i0 = SG_GROUP(1) * ny, lane = ly * nx + lx;
            int b = b0 + lx, i = i0 + ly;
            float acc = 0.0f;
            for (int j0 = 0; j0 < OUT; j0 += SG_TILE)
            {
                for (int t = lane; t < SG_TILE * nx; t += nx * ny)
                {
                    int j = j0 + t / nx, c = b0 + t % nx;
                    gs[t / nx][t % nx] = j < OUT && c < batch ? dz[j * batch + c] : 0.0f;
                }
                for (int t = lane; t < SG_TILE * ny; t += nx * ny)
                {
                    int j = j0 + t % SG_TILE, r = i0 + t / SG_TILE;
                    ws[t % SG_TILE][t / SG_TILE] = j < OUT && r < IN ? w[r * OUT + j] : 0.0f;
                }
                SG_BARRIER();
                for (int k = 0; k < SG_TILE; k++) acc += ws[k][ly] * gs[k][lx];
                SG_BARRIER();
            }
            if (b < batch && i < IN) dx[i * batch + b] = acc;
        }

        #define SG_SLOTS (IN * OUT)
        #define SG_EDGE(s, i, j) (i = (s) / OUT, j = (s) % OUT, 1)

        """ + Gradients;

    /// <summary>Parameters the generic ELL kernel takes in place of baked constants and tables.</summary>
    public const string GenericEllParameters = """
        #define SG_LAYER_PARAMS , const SG_GLOBAL int* SG_RESTRICT IDX, const SG_GLOBAL int* SG_RESTRICT TSLOT, int IN, int OUT, int WIDTH, int TWIDTH

        """;
}
