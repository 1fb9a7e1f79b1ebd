using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace Terminal.Host.Mqtt
{
    /// <summary>TLS server check against one private CA (not the machine's trust store), with the host name checked too.</summary>
    public static class PrivateCaValidator
    {
        /// <summary>True when the broker's certificate chains to <paramref name="ca"/> and names the host.</summary>
        public static bool Validate(X509Certificate2 ca, MqttClientCertificateValidationEventArgs args)
        {
            if ((args.SslPolicyErrors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None || args.Certificate == null)
            {
                return false;
            }

            using X509Certificate2 server = X509CertificateLoader.LoadCertificate(args.Certificate.GetRawCertData());
            using X509Chain chain = new();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(server);
        }
    }
}
