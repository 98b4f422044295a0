using System.Net;
using System.Net.Sockets;

namespace ContactImport.IntegrationTests.Faults;

/// <summary>
/// A loopback TCP proxy between the product and the test PostgreSQL that a test can cut and restore: a cut resets
/// every open connection and refuses new ones (what a stopped or restarting server looks like to a client), a restore
/// listens again on the same port. <see cref="CutAfterClientBytes"/> cuts in the middle of an import deterministically,
/// however fast the machine is.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private readonly TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TcpListener? _listener;
    private long _clientBytes;
    private long _cutAt = long.MaxValue;

    public TcpProxy(string targetHost, int targetPort)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(targetHost).First(a => a.AddressFamily == AddressFamily.InterNetwork),
            targetPort);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync(_listener);
    }

    public int Port { get; }

    public bool IsCut { get; private set; }

    /// <summary>Completes when the first cut happens.</summary>
    public Task Cutting => _cut.Task;

    /// <summary>Cuts once the product has sent <paramref name="bytes"/> more bytes to the database.</summary>
    public void CutAfterClientBytes(long bytes) => Interlocked.Exchange(ref _cutAt, Interlocked.Read(ref _clientBytes) + bytes);

    public void Cut()
    {
        TcpClient[] open;
        lock (_open)
        {
            if (IsCut)
            {
                return;
            }

            IsCut = true;
            _listener?.Stop();
            _listener = null;
            open = [.. _open];
            _open.Clear();
        }

        foreach (var client in open)
        {
            try
            {
                // Linger 0: close with a reset, as a crashed server's host does.
                if (client.Client is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }

                client.Close();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or NullReferenceException)
            {
                // Already closed.
            }
        }

        _cut.TrySetResult();
    }

    public void Restore()
    {
        lock (_open)
        {
            if (!IsCut)
            {
                return;
            }

            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            IsCut = false;
            _ = AcceptLoopAsync(listener);
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_target);
            lock (_open)
            {
                if (IsCut)
                {
                    client.Close();
                    server.Close();
                    return;
                }

                _open.Add(client);
                _open.Add(server);
            }

            await Task.WhenAny(
                CopyAsync(client.GetStream(), server.GetStream(), countClientBytes: true),
                CopyAsync(server.GetStream(), client.GetStream(), countClientBytes: false));
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // A cut, or either side closed.
        }
        finally
        {
            client.Close();
            server.Close();
        }
    }

    private async Task CopyAsync(Stream from, Stream to, bool countClientBytes)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read));
                if (countClientBytes && Interlocked.Add(ref _clientBytes, read) >= Interlocked.Read(ref _cutAt))
                {
                    Interlocked.Exchange(ref _cutAt, long.MaxValue);
                    Cut();
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            // A cut, or either side closed.
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
