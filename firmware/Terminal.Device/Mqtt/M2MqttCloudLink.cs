using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using Terminal.Core.Ports;

namespace Terminal.Device.Mqtt
{
    /// <summary>
    /// <see cref="ICloudLink"/> on the ESP32 with nanoFramework.M2Mqtt (MQTT 3.1.1, TLS 1.2 with
    /// the broker's CA certificate, user name and password, retained Last Will, persistent session).
    /// A background thread connects and reconnects with backoff (Connect blocks for seconds, which
    /// the tap loop must never do) and re-subscribes after every connection. Received messages
    /// wait in a small queue the core polls; QoS 1 completions arrive as MqttMsgPublished events
    /// and are only counted: the core waits for the cloud's application-level ack instead.
    /// Written against ../shared/nanoframework-api (nanoFramework.M2Mqtt 5.1.221); not built here.
    /// </summary>
    public sealed class M2MqttCloudLink : ICloudLink
    {
        private const int MaxInbox = 16;
        private const int MinDelayMs = 1000;
        private const int MaxDelayMs = 60000;

        private readonly string _host;
        private readonly int _port;
        private readonly string _clientId;
        private readonly string _user;
        private readonly string _password;
        private readonly X509Certificate _ca;
        private readonly ArrayList _filters = new ArrayList();
        private readonly Queue _inbox = new Queue();
        private readonly object _gate = new object();
        private MqttClient _client;
        private Thread _thread;
        private string _willTopic;
        private string _willMessage;
        private bool _open;
        private bool _connected;
        private int _session;

        /// <summary>
        /// Creates a link to <paramref name="host"/>:<paramref name="port"/>. <paramref name="caPem"/> is the
        /// PEM text of the CA that signed the broker's certificate (null for a plain connection on a test bench).
        /// </summary>
        public M2MqttCloudLink(string host, int port, string clientId, string user, string password, string caPem)
        {
            _host = host;
            _port = port;
            _clientId = clientId;
            _user = user;
            _password = password;
            _ca = caPem == null ? null : new X509Certificate(caPem);
        }

        /// <summary>QoS 1 messages the broker acknowledged (PUBACK).</summary>
        public int Published { get; private set; }

        /// <summary>QoS 1 messages M2Mqtt gave up on (retries exhausted).</summary>
        public int Failed { get; private set; }

        /// <summary>Incoming messages dropped because the queue was full (recovered by retained copies and resync).</summary>
        public int Dropped { get; private set; }

        /// <summary>Reason of the last failed connection attempt (no secrets).</summary>
        public string LastError { get; private set; }

        /// <inheritdoc/>
        public bool IsConnected
        {
            get { return _connected; }
        }

        /// <inheritdoc/>
        public int Session
        {
            get { return _session; }
        }

        /// <inheritdoc/>
        public void SetWill(string topic, byte[] payload)
        {
            _willTopic = topic;
            _willMessage = System.Text.Encoding.UTF8.GetString(payload, 0, payload.Length);
        }

        /// <inheritdoc/>
        public void Subscribe(string topicFilter)
        {
            _filters.Add(topicFilter);
        }

        /// <inheritdoc/>
        public void Open()
        {
            if (_open)
            {
                return;
            }

            _open = true;
            _thread = new Thread(Run);
            _thread.Start();
        }

        /// <inheritdoc/>
        public void Close()
        {
            _open = false;
            _connected = false;
            MqttClient client = _client;
            if (client != null && client.IsConnected)
            {
                // DISCONNECT: the broker discards the Will.
                client.Disconnect();
            }
        }

        /// <inheritdoc/>
        public bool Publish(string topic, byte[] payload, int qos, bool retain)
        {
            MqttClient client = _client;
            if (!_connected || client == null)
            {
                return false;
            }

            try
            {
                client.Publish(topic, payload, null, null, qos >= 1 ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce, retain);
                return true;
            }
            catch (Exception)
            {
                // Inflight queue full or the socket died: the core tries again later.
                return false;
            }
        }

        /// <inheritdoc/>
        public bool TryReceive(CloudMessage into)
        {
            Monitor.Enter(_gate);
            try
            {
                if (_inbox.Count == 0)
                {
                    return false;
                }

                into.CopyFrom((CloudMessage)_inbox.Dequeue());
                return true;
            }
            finally
            {
                Monitor.Exit(_gate);
            }
        }

        private void Run()
        {
            int delay = MinDelayMs;
            while (_open)
            {
                if (!_connected)
                {
                    if (TryConnect())
                    {
                        delay = MinDelayMs;
                    }
                    else
                    {
                        Thread.Sleep(delay);
                        delay = delay * 2 > MaxDelayMs ? MaxDelayMs : delay * 2;
                        continue;
                    }
                }

                Thread.Sleep(500);
            }
        }

        private bool TryConnect()
        {
            try
            {
                MqttClient client = _ca == null
                    ? new MqttClient(_host, _port, false, null, null, MqttSslProtocols.None)
                    : new MqttClient(_host, _port, true, _ca, null, MqttSslProtocols.TLSv1_2);
                client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
                client.MqttMsgPublishReceived += OnReceived;
                client.MqttMsgPublished += OnPublished;
                client.ConnectionClosed += OnClosed;
                bool will = _willTopic != null;
                MqttReasonCode code = client.Connect(_clientId, _user, _password, will, MqttQoSLevel.AtLeastOnce, will, _willTopic, _willMessage, false, 30);
                if (code != MqttReasonCode.Success)
                {
                    LastError = "connect refused";
                    client.Close();
                    return false;
                }

                int n = _filters.Count;
                if (n > 0)
                {
                    string[] topics = new string[n];
                    MqttQoSLevel[] levels = new MqttQoSLevel[n];
                    for (int i = 0; i < n; i++)
                    {
                        topics[i] = (string)_filters[i];
                        levels[i] = MqttQoSLevel.AtLeastOnce;
                    }

                    client.Subscribe(topics, levels);
                }

                _client = client;
                _session++;
                _connected = true;
                LastError = null;
                return true;
            }
            catch (Exception e)
            {
                LastError = e.Message;
                return false;
            }
        }

        private void OnReceived(object sender, MqttMsgPublishEventArgs e)
        {
            CloudMessage m = new CloudMessage();
            m.Topic = e.Topic;
            m.Payload = e.Message;
            m.Retained = e.Retain;
            Monitor.Enter(_gate);
            try
            {
                if (_inbox.Count >= MaxInbox)
                {
                    Dropped++;
                    return;
                }

                _inbox.Enqueue(m);
            }
            finally
            {
                Monitor.Exit(_gate);
            }
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            if (e.IsPublished)
            {
                Published++;
            }
            else
            {
                Failed++;
            }
        }

        private void OnClosed(object sender, EventArgs e)
        {
            _connected = false;
        }
    }
}
