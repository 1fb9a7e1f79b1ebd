using System.Collections;
using Terminal.Core.Ports;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>
    /// <see cref="ICloudLink"/> over a <see cref="MemoryBroker"/>. Connects at once when the broker
    /// is up, re-subscribes on every connection, receives retained messages on connect, and the
    /// broker publishes its Will when the test calls <see cref="Crash"/>.
    /// </summary>
    public sealed class MemoryCloudLink : ICloudLink
    {
        private readonly MemoryBroker _broker;
        private readonly ArrayList _filters = new ArrayList();
        private readonly Queue _inbox = new Queue();
        private string _willTopic;
        private byte[] _willPayload;

        /// <summary>Creates a link to the broker.</summary>
        public MemoryCloudLink(MemoryBroker broker)
        {
            _broker = broker;
            broker.Attach(this);
        }

        /// <inheritdoc/>
        public bool IsConnected { get; private set; }

        /// <inheritdoc/>
        public int Session { get; private set; }

        /// <summary>True between <see cref="Open"/> and <see cref="Close"/>.</summary>
        public bool WantsConnection { get; private set; }

        /// <summary>When false, <see cref="Publish"/> refuses (a full outgoing queue).</summary>
        public bool Accepting { get; set; } = true;

        /// <summary>Messages waiting to be received.</summary>
        public int Pending
        {
            get { return _inbox.Count; }
        }

        /// <inheritdoc/>
        public void SetWill(string topic, byte[] payload)
        {
            _willTopic = topic;
            _willPayload = payload;
        }

        /// <inheritdoc/>
        public void Subscribe(string topicFilter)
        {
            _filters.Add(topicFilter);
        }

        /// <inheritdoc/>
        public void Open()
        {
            WantsConnection = true;
            if (_broker.Up && !IsConnected)
            {
                Connect();
            }
        }

        /// <inheritdoc/>
        public void Close()
        {
            WantsConnection = false;
            IsConnected = false;
        }

        /// <summary>The connection breaks: the broker publishes the Will. The link reconnects on <see cref="Open"/>.</summary>
        public void Crash()
        {
            if (IsConnected && _willTopic != null)
            {
                IsConnected = false;
                _broker.Publish(_willTopic, _willPayload, true);
            }

            IsConnected = false;
            WantsConnection = false;
            _inbox.Clear();
        }

        /// <inheritdoc/>
        public bool Publish(string topic, byte[] payload, int qos, bool retain)
        {
            if (!IsConnected || !Accepting)
            {
                return false;
            }

            _broker.Publish(topic, payload, retain);
            return true;
        }

        /// <inheritdoc/>
        public bool TryReceive(CloudMessage into)
        {
            if (_inbox.Count == 0)
            {
                return false;
            }

            into.CopyFrom((CloudMessage)_inbox.Dequeue());
            return true;
        }

        /// <summary>Puts a message straight into the inbox (as if the broker delivered it), whatever its topic.</summary>
        public void Inject(string topic, byte[] payload)
        {
            CloudMessage m = new CloudMessage();
            m.Topic = topic;
            m.Payload = payload;
            _inbox.Enqueue(m);
        }

        internal void Connect()
        {
            IsConnected = true;
            Session++;
            _broker.SendRetained(this);
        }

        internal void Drop()
        {
            IsConnected = false;
        }

        internal void Deliver(string topic, byte[] payload, bool retained)
        {
            if (!IsConnected)
            {
                return;
            }

            for (int i = 0; i < _filters.Count; i++)
            {
                if (MemoryBroker.Matches((string)_filters[i], topic))
                {
                    CloudMessage m = new CloudMessage();
                    m.Topic = topic;
                    m.Payload = payload;
                    m.Retained = retained;
                    _inbox.Enqueue(m);
                    return;
                }
            }
        }
    }
}
