// See Gpio.cs. Sources: nanoFramework.M2Mqtt.Core.txt and nanoFramework.M2Mqtt.txt (5.1.221), for the
// cloud link (firmware/Terminal.Device/Mqtt). Only the members the link uses, enums in full.
//
// The events of MqttClient are typed with the delegates nested in IMqttClient (Core), as the list's
// type column for E:nanoFramework.M2Mqtt.MqttClient.MqttMsgPublishReceived etc. says; MqttClient also
// nests same-named delegates of its own, which the listed events do not use.
//
// The lists hold no delegate signatures. Every handler is (object sender, <EventArgs type>):
// MqttMsgPublishEventHandler -> MqttMsgPublishEventArgs, MqttMsgPublishedEventHandler ->
// MqttMsgPublishedEventArgs, ConnectionClosedEventHandler -> System.EventArgs. Checked against
// nanoframework/nanoFramework.m2mqtt M2Mqtt/MqttClient.cs (read through the search tool): its own
// nested delegates have exactly these signatures and it raises the events with (this, args). The
// IMqttClient (Core) source was not in reach, so its same-named delegates are assumed to match;
// the first real build confirms it (firmware/Terminal.Device/README.md).
namespace nanoFramework.M2Mqtt.Messages
{
    using System;

    public enum MqttQoSLevel : byte
    {
        AtMostOnce = 0x00,
        AtLeastOnce = 0x01,
        ExactlyOnce = 0x02,
        GrantedFailure = 0x80,
    }

    // Members as listed, in list order; values are not in the list and the device code only names them.
    public enum MqttReasonCode : byte
    {
        Success,
        NormalDisconnection,
        GrantedQoS0,
        GrantedQoS1,
        GrantedQoS2,
        DisconnectWithWillMessage,
        NoMatchingSubscribers,
        NoSubscriptionExisted,
        ContinueAuthentication,
        ReAuthenticate,
        UnspecifiedError,
        MalformedPacket,
        ProtocolError,
        ImplementationSpecificError,
        UnsupportedProtocolVersion,
        ClientIdentifierNotValid,
        BadUserNameOrPassword,
        NotAuthorized,
        ServerUnavailable,
        ServerBusy,
        Banned,
        ServeShuttingDown,
        BadAuthenticationMethod,
        KeepAliveTimeout,
        SessionTakenOver,
        TopicFilterInvalid,
        TopicNameInvalid,
        PacketIdentifierInUse,
        PacketIdentifierNotFound,
        ReceiveMaximumExceeded,
        TopicAliasInvalid,
        PacketTooLarge,
        MessageRateTooHigh,
        QuotaExceeded,
        AdministrativeAction,
        PayloadFormatInvalid,
        RetainNotSupported,
        QoSNotSupported,
        UseAnotherServer,
        ServerMoved,
        SharedSubscriptionsNotSupported,
        ConnectionRateExceeded,
        MaximumConnectTime,
        SubscriptionIdentifiersNotSupported,
        WildcardSubscriptionsNotSupported,
        ConnectionRefusedUnacceptableProtocolVersion,
        ConnectionRefusedIdentifierRejected,
        ConnectionRefusedServerUnavailable,
        ConnectionRefusedBadUserNameOrPassword,
        ConnectionRefusedNotAuthorized,
    }

    public class MqttMsgPublishEventArgs : EventArgs
    {
        public MqttMsgPublishEventArgs(string topic, byte[] message, bool dupFlag, MqttQoSLevel qosLevel, bool retain)
        {
            Topic = topic;
            Message = message;
            DupFlag = dupFlag;
            QosLevel = qosLevel;
            Retain = retain;
        }

        public string Topic { get; }

        public byte[] Message { get; }

        public bool DupFlag { get; }

        public MqttQoSLevel QosLevel { get; }

        public bool Retain { get; }
    }

    public class MqttMsgPublishedEventArgs : EventArgs
    {
        public MqttMsgPublishedEventArgs(ushort messageId)
        {
            MessageId = messageId;
        }

        public MqttMsgPublishedEventArgs(ushort messageId, bool isPublished)
        {
            MessageId = messageId;
            IsPublished = isPublished;
        }

        public ushort MessageId { get; set; }

        public bool IsPublished { get; set; }
    }
}

namespace nanoFramework.M2Mqtt
{
    using System;
    using System.Collections;
    using System.Security.Cryptography.X509Certificates;
    using nanoFramework.M2Mqtt.Messages;

    public enum MqttSslProtocols
    {
        None,
        SSLv3,
        TLSv1_0,
        TLSv1_1,
        TLSv1_2,
        TLSv1_3,
    }

    public enum MqttProtocolVersion
    {
        Version_3_1 = 0x03,
        Version_3_1_1 = 0x04,
        Version_5 = 0x05,
    }

    public interface IMqttClient
    {
        delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

        delegate void MqttMsgPublishedEventHandler(object sender, MqttMsgPublishedEventArgs e);

        delegate void ConnectionClosedEventHandler(object sender, EventArgs e);

        event MqttMsgPublishEventHandler MqttMsgPublishReceived;

        event MqttMsgPublishedEventHandler MqttMsgPublished;

        event ConnectionClosedEventHandler ConnectionClosed;

        bool IsConnected { get; }

        MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel, bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod);

        void Disconnect();

        ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels);

        ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain);

        void Close();
    }

    public class MqttClient : IMqttClient, IDisposable
    {
        public MqttClient(string brokerHostName)
        {
        }

        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate? caCert, X509Certificate? clientCert, MqttSslProtocols sslProtocol)
        {
        }

        public event IMqttClient.MqttMsgPublishEventHandler? MqttMsgPublishReceived;

        public event IMqttClient.MqttMsgPublishedEventHandler? MqttMsgPublished;

        public event IMqttClient.ConnectionClosedEventHandler? ConnectionClosed;

        public bool IsConnected => false;

        public MqttProtocolVersion ProtocolVersion { get; set; }

        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel, bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod) => MqttReasonCode.Success;

        public void Disconnect()
        {
        }

        public void Close()
        {
        }

        public void Dispose()
        {
        }

        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels) => 0;

        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain) => 0;

        // Keeps the compiler from warning that the events are never raised (the stub never runs).
        internal void Raise()
        {
            MqttMsgPublishReceived?.Invoke(this, new MqttMsgPublishEventArgs(string.Empty, new byte[0], false, MqttQoSLevel.AtMostOnce, false));
            MqttMsgPublished?.Invoke(this, new MqttMsgPublishedEventArgs(0));
            ConnectionClosed?.Invoke(this, EventArgs.Empty);
        }
    }
}
