using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace SparseGen;

/// <summary>How <see cref="Trainer.Fit"/> shows its progress, as Keras's <c>verbose</c>.</summary>
public enum Verbosity
{
    /// <summary>
    /// <see cref="ProgressBar"/> when standard output is a terminal, <see cref="Silent"/> when it is redirected
    /// (<see cref="Console.IsOutputRedirected"/>): the default of <see cref="Trainer.Verbosity"/>.
    /// </summary>
    Auto = 0,

    /// <summary>Nothing is written.</summary>
    Silent = 1,

    /// <summary>A bar per epoch, redrawn in place on one line (with carriage returns) during the epoch: batches done, running loss, samples per second, time left; it stays as the epoch's summary line.</summary>
    ProgressBar = 2,

    /// <summary>
    /// One line per epoch, written when it ends, and within an epoch longer than the display's line interval (a minute
    /// by default) a progress line at each interval: for logs and redirected output.
    /// </summary>
    EpochLines = 3,
}

/// <summary>
/// The console display of a training run: add it to <see cref="Trainer.Fit"/>'s callbacks, or set
/// <see cref="Trainer.Verbosity"/>, which adds one for <see cref="Console.Out"/>. It reads no parameters, so a
/// device backend keeps them on the device.
/// </summary>
/// <example><code>
/// trainer.Fit(train, epochs: 10, batchSize: 32, validation: test,
///     callbacks: [new ConsoleProgress(Verbosity.EpochLines)]);
/// // epoch  1/10  loss 0.3120  acc 90.81%  val loss 0.1712  val acc 94.92%  2.31 s (validation 0.12 s)
/// </code></example>
public sealed class ConsoleProgress : TrainingCallback
{
    private const int BarWidth = 24;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private readonly TextWriter _output;
    private readonly Func<EpochResult, string>? _detail;
    private readonly TimeSpan _lineInterval;
    private TimeSpan _drawnAt;
    private int _epochs;
    private double _lossSum;
    private int _drawnLength;

    /// <summary>A display of the given style on <paramref name="output"/> (<see cref="Console.Out"/> when null).</summary>
    /// <param name="verbosity">The style; <see cref="Verbosity.Auto"/> is resolved now, from <see cref="Console.IsOutputRedirected"/>.</param>
    /// <param name="output">Where to write; <see cref="Console.Out"/> when null.</param>
    /// <param name="detail">Text appended to each epoch's closing line (for example the shape of an evolving network), or null.</param>
    /// <param name="lineInterval">With <see cref="Verbosity.EpochLines"/>, the time between progress lines within an epoch; null is one minute.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="verbosity"/> is not a defined value, or <paramref name="lineInterval"/> is not positive.</exception>
    public ConsoleProgress(Verbosity verbosity = Verbosity.Auto, TextWriter? output = null, Func<EpochResult, string>? detail = null, TimeSpan? lineInterval = null)
    {
        if (!Enum.IsDefined(verbosity))
        {
            throw new ArgumentOutOfRangeException(nameof(verbosity), verbosity, "Not a Verbosity value.");
        }

        if (lineInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lineInterval), lineInterval, "The interval between progress lines must be positive.");
        }

        _lineInterval = lineInterval ?? TimeSpan.FromMinutes(1);

        Verbosity = Resolve(verbosity, Console.IsOutputRedirected);
        _output = output ?? Console.Out;
        _detail = detail;
    }

    /// <summary>The style in use: never <see cref="Verbosity.Auto"/>.</summary>
    public Verbosity Verbosity { get; }

    /// <summary>Always false: the display reads only the results.</summary>
    public override bool ReadsParameters => false;

    /// <summary>
    /// What <see cref="Verbosity.Auto"/> means where output is (<paramref name="outputRedirected"/> true) or is not
    /// redirected: <see cref="Verbosity.Silent"/> or <see cref="Verbosity.ProgressBar"/>; other values are returned as they are.
    /// </summary>
    public static Verbosity Resolve(Verbosity verbosity, bool outputRedirected) =>
        verbosity == Verbosity.Auto ? (outputRedirected ? Verbosity.Silent : Verbosity.ProgressBar) : verbosity;

    /// <inheritdoc />
    public override void OnTrainBegin(TrainingStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        _epochs = start.Epochs;
    }

    /// <inheritdoc />
    public override void OnBatchEnd(BatchResult batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (Verbosity == Verbosity.Silent)
        {
            return;
        }

        if (batch.Batch == 1)
        {
            _lossSum = 0;
            _drawnLength = 0;
            _drawnAt = TimeSpan.Zero;
        }

        _lossSum += batch.Loss;
        // The bar redraws at most ten times a second, and always at the first and last batch; epoch lines write a
        // progress line once per interval, never at the last batch (the epoch's own line follows). Both count on the
        // epoch's clock, so the first interval includes the first batch.
        TimeSpan sinceDraw = batch.EpochElapsed - _drawnAt;
        bool due = Verbosity == Verbosity.ProgressBar
            ? batch.Batch == 1 || batch.Batch == batch.BatchesPerEpoch || sinceDraw >= TimeSpan.FromMilliseconds(100)
            : batch.Batch != batch.BatchesPerEpoch && sinceDraw >= _lineInterval;
        if (!due)
        {
            return;
        }

        _drawnAt = batch.EpochElapsed;
        double seconds = Math.Max(batch.EpochElapsed.TotalSeconds, 1e-9);
        double left = seconds / batch.Batch * (batch.BatchesPerEpoch - batch.Batch);
        string bar = Verbosity == Verbosity.ProgressBar ? $" {Bar(batch.Batch, batch.BatchesPerEpoch)} " : "  batch ";
        Draw($"{Label(batch.Epoch)}{bar}{batch.Batch.ToString(C)}/{batch.BatchesPerEpoch.ToString(C)}"
            + $"  loss {(_lossSum / batch.Batch).ToString("F4", C)}  {(batch.SamplesSeen / seconds).ToString("N0", C)} samples/s  ETA {Duration(left)}", newLine: false);
    }

    /// <inheritdoc />
    public override void OnEpochEnd(EpochResult epoch, TrainingControl control)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        if (Verbosity == Verbosity.Silent)
        {
            return;
        }

        var line = new StringBuilder(Label(epoch.Epoch));
        if (Verbosity == Verbosity.ProgressBar)
        {
            line.Append(' ').Append(Bar(1, 1));
        }

        line.Append($"  loss {epoch.TrainLoss.ToString("F4", C)}  acc {epoch.TrainAccuracy.ToString("P2", C)}");
        if (epoch.ValidationLoss is { } validationLoss)
        {
            line.Append($"  val loss {validationLoss.ToString("F4", C)}");
        }

        if (epoch.ValidationAccuracy is { } validationAccuracy)
        {
            line.Append($"  val acc {validationAccuracy.ToString("P2", C)}");
        }

        line.Append($"  {epoch.Seconds.ToString("F2", C)} s");
        if (epoch.ValidationAccuracy is not null)
        {
            line.Append($" (validation {epoch.ValidationSeconds.ToString("F2", C)} s)");
        }

        line.Append(_detail?.Invoke(epoch));
        Draw(line.ToString(), newLine: true);
    }

    private void Draw(string text, bool newLine)
    {
        if (Verbosity == Verbosity.ProgressBar)
        {
            // Back to the line's start, and blanks over what the last drawing left beyond this one.
            _output.Write('\r');
            _output.Write(text.Length < _drawnLength ? text.PadRight(_drawnLength) : text);
            _drawnLength = newLine ? 0 : text.Length;
            if (newLine)
            {
                _output.WriteLine();
            }
        }
        else
        {
            _output.WriteLine(text); // an epoch line, or a progress line within the epoch
        }

        _output.Flush();
    }

    private string Label(int epoch)
    {
        int width = Math.Max(_epochs, epoch).ToString(C).Length;
        return $"epoch {epoch.ToString(C).PadLeft(width)}/{Math.Max(_epochs, epoch).ToString(C)}";
    }

    private static string Bar(int done, int total)
    {
        int filled = total <= 0 ? BarWidth : (int)((long)BarWidth * done / total);
        return filled >= BarWidth ? $"[{new string('=', BarWidth)}]" : $"[{new string('=', filled)}>{new string('.', BarWidth - filled - 1)}]";
    }

    private static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Round(seconds));
        return span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", C) : span.ToString(@"m\:ss", C);
    }
}
