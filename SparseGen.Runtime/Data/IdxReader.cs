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
/// <remarks>
/// The header is read first and bounds everything after it: the data must be exactly the product of the
/// dimensions, no larger than the longest array (<see cref="Array.MaxLength"/>) and no larger than the file can
/// hold (deflate expands at most 1032-fold); decompression stops one byte past the promised size, so a gzip bomb
/// costs no more memory than its header declares.
/// </remarks>
public static class IdxReader
{
    private const int UnsignedByteType = 0x08;

    /// <summary>Deflate's largest expansion (RFC 1951: a 258-byte match in at least two bits gives 1032:1), bounding what a gzip file can decompress to.</summary>
    private const long MaxDeflateRatio = 1032;

    /// <summary>Reads an IDX file of unsigned bytes.</summary>
    /// <returns>The dimensions and the data, row-major.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The magic number is wrong, the element type is not unsigned byte, a
    /// dimension is negative, the dimensions' product overflows, the file is truncated or holds more than the header
    /// promises, or the gzip stream is corrupt; the message names the file and the byte offset (after decompression).</exception>
    public static (int[] Dimensions, byte[] Data) Read(string path) =>
        FromStream(path, (stream, gzip, limit) => ReadContent(path, stream, limit, gzip));

    /// <summary>
    /// Reads only the header of an IDX file of unsigned bytes: its dimensions, checked as <see cref="Read"/> checks
    /// them, without reading (or allocating) the data, so a caller can check what the data will need before loading it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The magic number is wrong, the element type is not unsigned byte, a
    /// dimension is negative, the dimensions' product overflows, or the header is incomplete.</exception>
    public static int[] ReadDimensions(string path) =>
        FromStream(path, (stream, _, _) => ReadHeader(path, stream, out _));

    /// <summary>
    /// Opens <paramref name="path"/>, decompressing it when it starts with gzip's magic, and reads it with
    /// <paramref name="read"/> (the stream, whether it is gzip, and the most bytes it may hold); a corrupt gzip stream
    /// is an <see cref="InvalidDataException"/> naming the file.
    /// </summary>
    private static T FromStream<T>(string path, Func<Stream, bool, long, T> read)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> magic = stackalloc byte[2];
        bool gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        file.Position = 0;
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
        try
        {
            return read(stream, gzip, gzip ? file.Length * MaxDeflateRatio : file.Length);
        }
        catch (InvalidDataException e) when (gzip && !e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: the gzip stream is corrupt or truncated ({e.Message}).", e);
        }
    }

    /// <summary>Reads and checks the header; <paramref name="count"/> is the product of the dimensions.</summary>
    private static int[] ReadHeader(string path, Stream stream, out long count)
    {
        var start = new byte[4];
        int got = stream.ReadAtLeast(start, 4, throwOnEndOfStream: false);
        if (got < 4)
        {
            throw Malformed(path, got, "the file ends before the 4-byte magic number");
        }

        if (start[0] != 0 || start[1] != 0)
        {
            throw Malformed(path, 0, $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(start):X8}; an IDX file starts with two zero bytes, the type and the number of dimensions");
        }

        if (start[2] != UnsignedByteType)
        {
            throw Malformed(path, 2, $"element type 0x{start[2]:X2} is not supported; only unsigned bytes (0x08) are");
        }

        int rank = start[3];
        var dimensionBytes = new byte[4 * rank];
        got = stream.ReadAtLeast(dimensionBytes, dimensionBytes.Length, throwOnEndOfStream: false);
        if (rank == 0 || got < dimensionBytes.Length)
        {
            throw Malformed(path, 4 + got, $"the header of {rank} dimensions is incomplete or empty");
        }

        var dimensions = new int[rank];
        count = 1;
        for (int d = 0; d < rank; d++)
        {
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(dimensionBytes.AsSpan(4 * d));
            if (dimensions[d] < 0)
            {
                throw Malformed(path, 4 + (4 * d), $"dimension {d} is negative ({dimensions[d]})");
            }

            if (dimensions[d] != 0 && count > Array.MaxLength / dimensions[d])
            {
                throw Malformed(path, 4 + (4 * d), $"the dimensions {string.Join(" x ", dimensions[..(d + 1)])} multiply to more than {Array.MaxLength} bytes, the longest array");
            }

            count *= dimensions[d];
        }

        return dimensions;
    }

    private static (int[] Dimensions, byte[] Data) ReadContent(string path, Stream stream, long maxLength, bool gzip)
    {
        int[] dimensions = ReadHeader(path, stream, out long count);
        int headerLength = 4 + (4 * dimensions.Length);
        string shape = string.Join(" x ", dimensions);
        if (headerLength + count > maxLength)
        {
            throw Malformed(path, headerLength, gzip
                ? $"truncated: the header promises {count} bytes of data ({shape}), more than a gzip file of {maxLength / MaxDeflateRatio} bytes can decompress to"
                : $"truncated: the header promises {count} bytes of data ({shape}) but only {maxLength - headerLength} follow");
        }

        // A gzip file's length only bounds its content loosely; grow the buffer as data arrives instead of trusting the header.
        var data = new byte[gzip ? Math.Min(count, 1 << 24) : count];
        long filled = 0;
        while (filled < count)
        {
            if (filled == data.Length)
            {
                Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
            }

            int read = stream.Read(data, (int)filled, data.Length - (int)filled);
            if (read == 0)
            {
                throw Malformed(path, headerLength + filled, $"truncated: the header promises {count} bytes of data ({shape}) but only {filled} follow");
            }

            filled += read;
        }

        if (stream.ReadByte() >= 0)
        {
            throw Malformed(path, headerLength + count, $"more bytes follow the {count} bytes of data ({shape}) that the header promises");
        }

        return (dimensions, data);
    }

    private static InvalidDataException Malformed(string path, long offset, string what) =>
        new($"{path}: at byte {offset} (after decompression): {what}.");
}
