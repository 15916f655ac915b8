using SparseGen.Core.Device;
using SparseGen.Core.Random;
namespace SparseGen.Backends.Device;

/// <summary>
/// The element-wise kernels a device training step needs besides the layers' own: activations, inverted
/// dropout from a counter-based hash, their backward passes, and the optimizer updates. One work-item per
/// element (per sample for softmax).
/// </summary>
internal static class DeviceRuntimeKernels
{
    public static readonly string Source = DeviceSources.Prelude + $$"""
        /* Inverted dropout factor of element k: SplitMix64's finaliser (Steele et al. 2014) of key + (k + 1) * golden
           gamma; its top 16 bits below threshold drop the element, else it is scaled by keep. */
        SG_FUNC float sg_dropout(int key_lo, int key_hi, int k, int threshold, float keep)
        {
            sg_u64 z = ((((sg_u64)(unsigned int)key_hi) << 32) | (sg_u64)(unsigned int)key_lo) + (sg_u64)(k + 1) * SG_U64(0x9E3779B97F4A7C15);
            z = (z ^ (z >> 30)) * SG_U64(0xBF58476D1CE4E5B9);
            z = (z ^ (z >> 27)) * SG_U64(0x94D049BB133111EB);
            z ^= z >> 31;
            return (int)(z >> 48) < threshold ? 0.0f : keep;
        }

        /* kind: a SparseGen.Activation value; softmax runs as its own kernel. */
        SG_KERNEL void activate(SG_GLOBAL float* a, int n, int kind)
        {
            int k = SG_ID(0);
            if (k >= n) return;
            float v = a[k];
            if (kind == {{(int)Activation.Relu}}) v = v > 0.0f ? v : 0.0f;
            else if (kind == {{(int)Activation.Sigmoid}}) v = 1.0f / (1.0f + SG_EXP(-v));
            else if (kind == {{(int)Activation.Tanh}}) v = SG_TANH(v);
            a[k] = v;
        }

        SG_KERNEL void softmax(SG_GLOBAL float* a, int units, int batch)
        {
            int b = SG_ID(0);
            if (b >= batch) return;
            float top = a[b];
            for (int j = 1; j < units; j++) top = a[j * batch + b] > top ? a[j * batch + b] : top;
            float sum = 0.0f;
            for (int j = 0; j < units; j++)
            {
                float e = SG_EXP(a[j * batch + b] - top);
                a[j * batch + b] = e;
                sum += e;
            }
            float scale = 1.0f / sum;
            for (int j = 0; j < units; j++) a[j * batch + b] *= scale;
        }

        SG_KERNEL void dropout(const SG_GLOBAL float* SG_RESTRICT a, SG_GLOBAL float* SG_RESTRICT dropped, int n, int key_lo, int key_hi, int threshold, float keep)
        {
            int k = SG_ID(0);
            if (k >= n) return;
            dropped[k] = a[k] * sg_dropout(key_lo, key_hi, k, threshold, keep);
        }

        /* dx = dL/d(output of the layer); becomes dL/dz: times the dropout factor when threshold > 0, then f'(a). */
        SG_KERNEL void activation_backward(SG_GLOBAL float* SG_RESTRICT dx, const SG_GLOBAL float* SG_RESTRICT a, int n, int kind, int key_lo, int key_hi, int threshold, float keep)
        {
            int k = SG_ID(0);
            if (k >= n) return;
            float g = dx[k], v = a[k];
            if (threshold > 0) g *= sg_dropout(key_lo, key_hi, k, threshold, keep);
            if (kind == {{(int)Activation.Relu}}) g = v > 0.0f ? g : 0.0f;
            else if (kind == {{(int)Activation.Sigmoid}}) g *= v * (1.0f - v);
            else if (kind == {{(int)Activation.Tanh}}) g *= 1.0f - v * v;
            dx[k] = g;
        }

        SG_KERNEL void softmax_backward(SG_GLOBAL float* SG_RESTRICT dx, const SG_GLOBAL float* SG_RESTRICT a, int units, int batch)
        {
            int b = SG_ID(0);
            if (b >= batch) return;
            float dot = 0.0f;
            for (int j = 0; j < units; j++) dot += dx[j * batch + b] * a[j * batch + b];
            for (int j = 0; j < units; j++) dx[j * batch + b] = a[j * batch + b] * (dx[j * batch + b] - dot);
        }

        /* Plain SGD: SparseGen.Sgd without momentum. */
        SG_KERNEL void sgd_step(SG_GLOBAL float* SG_RESTRICT w, const SG_GLOBAL float* SG_RESTRICT g, int n, float decay, SG_GLOBAL int* nonfinite, float lr)
        {
            int k = SG_ID(0);
            if (k >= n) return;
            float wk = w[k] - lr * (g[k] + decay * w[k]);
            w[k] = wk;
            if (!isfinite(wk)) nonfinite[0] = 1;
        }

        /* SGD with momentum mu, Nesterov's when nesterov != 0: SparseGen.Sgd. */
        SG_KERNEL void momentum_step(SG_GLOBAL float* SG_RESTRICT w, const SG_GLOBAL float* SG_RESTRICT g, SG_GLOBAL float* SG_RESTRICT velocity, int n, float decay, SG_GLOBAL int* nonfinite,
            float lr, float mu, float nesterov)
        {
            int k = SG_ID(0);
            if (k >= n) return;
            float gk = g[k] + decay * w[k];
            float vk = mu * velocity[k] + gk;
            velocity[k] = vk;
            float wk = w[k] - lr * (nesterov != 0.0f ? gk + mu * vk : vk);
            w[k] = wk;
            if (!isfinite(wk)) nonfinite[0] = 1;
        }

        /* Adam and Nadam: SparseGen.MomentOptimizer, with the step's scales computed on the host. */
        SG_KERNEL void moment_step(SG_GLOBAL float* SG_RESTRICT w, const SG_GLOBAL float* SG_RESTRICT g, SG_GLOBAL float* SG_RESTRICT m, SG_GLOBAL float* SG_RESTRICT v, int n, float decay, SG_GLOBAL int* nonfinite,
            float lr, float b1, float b2, float gradient_scale, float momentum_scale, float variance_scale, float eps)
        {
            int k = SG_ID(0);
            if (k >= n) return;
            float gk = g[k] + decay * w[k];
            float mk = b1 * m[k] + (1.0f - b1) * gk;
            float vk = b2 * v[k] + (1.0f - b2) * gk * gk;
            m[k] = mk;
            v[k] = vk;
            float wk = w[k] - lr * (gradient_scale * gk + momentum_scale * mk) / (SG_SQRT(vk * variance_scale) + eps);
            w[k] = wk;
            if (!isfinite(wk)) nonfinite[0] = 1;
        }
        """;
}
