using System.Collections;
using Terminal.Core.Domain;
using Terminal.Core.Ports;
using Terminal.Core.Sync;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>
    /// A minimal cloud for core tests: applies batches keyed by (terminal, sequence), refuses
    /// batches that do not follow on (gap), and publishes the retained cumulative ack.
    /// It speaks through the core codec; the real service (tools/Terminal.Cloud) is tested against mosquitto.
    /// </summary>
    public sealed class MemoryCloud
    {
        private readonly MemoryCloudLink _link;
        private readonly SyncCodec _codec = new SyncCodec();
        private readonly JsonWriter _writer = new JsonWriter(16384);
        private readonly Transaction[] _batch = new Transaction[256];
        private readonly CloudMessage _message = new CloudMessage();
        private readonly Hashtable _last = new Hashtable();
        private readonly Hashtable _stored = new Hashtable();

        /// <summary>Connects a cloud client to the broker.</summary>
        public MemoryCloud(MemoryBroker broker)
        {
            for (int i = 0; i < _batch.Length; i++)
            {
                _batch[i] = new Transaction();
            }

            _link = new MemoryCloudLink(broker);
            _link.Subscribe(SyncTopics.Root + "/+/up/#");
            _link.Open();
            AckEnabled = true;
        }

        /// <summary>When false, batches are applied but not acknowledged.</summary>
        public bool AckEnabled { get; set; }

        /// <summary>Transactions stored (each (terminal, sequence) once).</summary>
        public int Stored
        {
            get { return _stored.Count; }
        }

        /// <summary>Copies of transactions that were already stored.</summary>
        public int Duplicates { get; private set; }

        /// <summary>Batches refused because they did not follow on.</summary>
        public int Gaps { get; private set; }

        /// <summary>Batches received.</summary>
        public int Batches { get; private set; }

        /// <summary>Status messages seen.</summary>
        public int StatusCount { get; private set; }

        /// <summary>Last status payload seen, as text.</summary>
        public string LastStatus { get; private set; }

        /// <summary>The link (to crash or reconnect the cloud).</summary>
        public MemoryCloudLink Link
        {
            get { return _link; }
        }

        /// <summary>Highest contiguous sequence stored for a terminal.</summary>
        public uint LastSequence(string terminalId)
        {
            object v = _last[terminalId];
            return v == null ? 0 : (uint)v;
        }

        /// <summary>The stored transaction, or null.</summary>
        public Transaction Get(string terminalId, uint seq)
        {
            return (Transaction)_stored[terminalId + "/" + seq.ToString()];
        }

        /// <summary>Handles every waiting message; returns how many.</summary>
        public int Pump()
        {
            int handled = 0;
            while (_link.TryReceive(_message))
            {
                handled++;
                string topic = _message.Topic;
                if (topic.EndsWith("/up/status"))
                {
                    LastStatus = System.Text.Encoding.UTF8.GetString(_message.Payload, 0, _message.Payload.Length);
                    StatusCount++;
                    continue;
                }

                int count;
                string tid;
                if (!_codec.ReadBatch(_message.Payload, _batch, out count, out tid))
                {
                    continue;
                }

                Batches++;
                uint last = LastSequence(tid);
                uint gap = 0;
                for (int i = 0; i < count; i++)
                {
                    Transaction t = _batch[i];
                    if (t.Sequence <= last)
                    {
                        Duplicates++;
                        continue;
                    }

                    if (t.Sequence != last + 1)
                    {
                        gap = t.Sequence;
                        Gaps++;
                        break;
                    }

                    Transaction copy = new Transaction();
                    copy.CopyFrom(t);
                    _stored[tid + "/" + t.Sequence.ToString()] = copy;
                    last = t.Sequence;
                }

                _last[tid] = last;
                if (AckEnabled)
                {
                    SyncCodec.WriteAck(_writer, last, gap);
                    _link.Publish(SyncTopics.For(tid, SyncTopics.AckLeaf), _writer.ToArray(), 1, true);
                }
            }

            return handled;
        }

        /// <summary>Publishes a raw message as the cloud.</summary>
        public void Send(string topic, byte[] payload, bool retain)
        {
            _link.Publish(topic, payload, 1, retain);
        }
    }
}
