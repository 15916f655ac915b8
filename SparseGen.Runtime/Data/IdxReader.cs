using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace SparseGen.Data;

/// <summary>
/// Reads IDX files of unsigned bytes, the format of MNIST and Fashion-MNIST (LeCun et al.,
/// http://yann.lecun.com/exdb/mnist/): a big-endian header (two zero bytes, type 0x08, the number of
/// dimensions, then each dimension as int32) followed by the data. Gzip-compressed files are recognised by
/// their magic bytes and decompressed.
/// </summary>
public static class IdxReader
{
    private const int UnsignedByteType = 0x08;

    /// <summary>Reads an IDX file of unsigned bytes.</summary>
    /// <returns>The dimensions and the data, row-major.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The magic number is wrong, the element type is not unsigned byte, a
    /// dimension is negative, or the file is truncated; the message names the file and the byte offset.</exception>
    public static (int[] Dimensions, byte[] Data) Read(string path)
    {
        byte[] bytes = ReadAllDecompressed(path);
        if (bytes.Length < 4)
        {
            throw Malformed(path, bytes.Length, "the file ends before the 4-byte magic number");
        }

        if (bytes[0] != 0 || bytes[1] != 0)
        {
            throw Malformed(path, 0, $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):X8}; an IDX file starts with two zero bytes, the type and the number of dimensions");
        }

        if (bytes[2] != UnsignedByteType)
        {
            throw Malformed(path, 2, $"element type 0x{bytes[2]:X2} is not supported; only unsigned bytes (0x08) are");
        }

        int rank = bytes[3];
        int headerLength = 4 + (4 * rank);
        if (rank == 0 || bytes.Length < headerLength)
        {
            throw Malformed(path, Math.Min(bytes.Length, headerLength), $"the header of {rank} dimensions is incomplete or empty");
        }

        var dimensions = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + (4 * d)));
            if (dimensions[d] < 0)
            {
                throw Malformed(path, 4 + (4 * d), $"dimension {d} is negative ({dimensions[d]})");
            }

            count *= dimensions[d];
        }

        if (bytes.Length - headerLength < count)
        {
            throw Malformed(path, bytes.Length, $"truncated: the header promises {count} bytes of data ({string.Join(" x ", dimensions)}) but only {bytes.Length - headerLength} follow");
        }

        if (bytes.Length - headerLength > count)
        {
            throw Malformed(path, headerLength + count, $"{bytes.Length - headerLength - count} bytes follow the {count} bytes of data that the header promises");
        }

        return (dimensions, bytes.AsSpan(headerLength).ToArray());
    }

    private static byte[] ReadAllDecompressed(string path)
    {
        byte[] raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B)
        {
            return raw;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var result = new MemoryStream();
            gzip.CopyTo(result);
            return result.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: the gzip stream is corrupt or truncated ({e.Message}).", e);
        }
    }

    private static InvalidDataException Malformed(string path, long offset, string what) =>
        new($"{path}: at byte {offset} (after decompression): {what}.");
}
