using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SyncBench
{
    /// <summary>A loopback TCP relay that counts the bytes each way: what the terminal really puts on the wire (MQTT framing and acks included).</summary>
    internal sealed class ByteCountingProxy : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly int _target;
        private readonly CancellationTokenSource _stop = new();
        private long _up;
        private long _down;

        public ByteCountingProxy(int targetPort)
        {
            _target = targetPort;
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public long Up => Interlocked.Read(ref _up);

        public long Down => Interlocked.Read(ref _down);

        public void Reset()
        {
            Interlocked.Exchange(ref _up, 0);
            Interlocked.Exchange(ref _down, 0);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }

                TcpClient server = new();
                await server.ConnectAsync(IPAddress.Loopback, _target);
                client.NoDelay = true;
                server.NoDelay = true;
                _ = PumpAsync(client, server, true);
                _ = PumpAsync(server, client, false);
            }
        }

        private async Task PumpAsync(TcpClient from, TcpClient to, bool up)
        {
            byte[] buffer = new byte[65536];
            try
            {
                NetworkStream a = from.GetStream();
                NetworkStream b = to.GetStream();
                while (true)
                {
                    int n = await a.ReadAsync(buffer, _stop.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    Interlocked.Add(ref up ? ref _up : ref _down, n);
                    await b.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
                }
            }
            catch (Exception)
            {
            }
            finally
            {
                from.Close();
                to.Close();
            }
        }
    }
}
