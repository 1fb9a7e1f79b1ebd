using System.Collections;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>
    /// An in-memory MQTT broker for core tests (the twin of MQTTnet's in-memory channel):
    /// topic filters with <c>+</c> and <c>#</c>, retained messages (an empty payload clears one),
    /// Last Will on an unclean disconnect, and a switch to take the whole broker down.
    /// Delivery is synchronous; nothing is queued for a disconnected client.
    /// </summary>
    public sealed class MemoryBroker
    {
        private readonly ArrayList _links = new ArrayList();
        private readonly Hashtable _retained = new Hashtable();

        /// <summary>Creates a running broker.</summary>
        public MemoryBroker()
        {
            Up = true;
            Log = new ArrayList();
        }

        /// <summary>True while the broker accepts connections.</summary>
        public bool Up { get; private set; }

        /// <summary>Every message accepted, in order (<see cref="BrokerRecord"/>).</summary>
        public ArrayList Log { get; private set; }

        /// <summary>The next this many publishes are accepted but lost (simulates a crash between PUBACK and delivery).</summary>
        public int DropNext { get; set; }

        /// <summary>Takes the broker down: every client is disconnected without a Will (the broker itself died).</summary>
        public void Stop()
        {
            Up = false;
            for (int i = 0; i < _links.Count; i++)
            {
                ((MemoryCloudLink)_links[i]).Drop();
            }
        }

        /// <summary>Brings the broker back; clients that want a connection reconnect.</summary>
        public void Start()
        {
            Up = true;
            for (int i = 0; i < _links.Count; i++)
            {
                MemoryCloudLink link = (MemoryCloudLink)_links[i];
                if (link.WantsConnection)
                {
                    link.Connect();
                }
            }
        }

        /// <summary>Number of retained messages.</summary>
        public int RetainedCount
        {
            get { return _retained.Count; }
        }

        /// <summary>The retained payload of a topic, or null.</summary>
        public byte[] Retained(string topic)
        {
            return (byte[])_retained[topic];
        }

        /// <summary>True when the filter matches the topic (MQTT rules for <c>+</c> and <c>#</c>).</summary>
        public static bool Matches(string filter, string topic)
        {
            int f = 0;
            int t = 0;
            while (f < filter.Length)
            {
                char c = filter[f];
                if (c == '#')
                {
                    return true;
                }

                if (c == '+')
                {
                    while (t < topic.Length && topic[t] != '/')
                    {
                        t++;
                    }

                    f++;
                    continue;
                }

                if (t >= topic.Length || topic[t] != c)
                {
                    // "a/#" also matches "a".
                    return t >= topic.Length && c == '/' && f + 2 == filter.Length && filter[f + 1] == '#';
                }

                f++;
                t++;
            }

            return t == topic.Length;
        }

        internal void Attach(MemoryCloudLink link)
        {
            _links.Add(link);
        }

        internal void Publish(string topic, byte[] payload, bool retain)
        {
            Log.Add(new BrokerRecord(topic, payload, retain));
            if (retain)
            {
                if (payload.Length == 0)
                {
                    _retained.Remove(topic);
                }
                else
                {
                    _retained[topic] = payload;
                }
            }

            if (DropNext > 0)
            {
                DropNext--;
                return;
            }

            for (int i = 0; i < _links.Count; i++)
            {
                ((MemoryCloudLink)_links[i]).Deliver(topic, payload, false);
            }
        }

        internal void SendRetained(MemoryCloudLink link)
        {
            foreach (object key in _retained.Keys)
            {
                link.Deliver((string)key, (byte[])_retained[key], true);
            }
        }
    }
}
