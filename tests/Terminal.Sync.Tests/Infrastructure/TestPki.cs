using System;
using System.IO;

namespace Terminal.Sync.Tests.Infrastructure
{
    /// <summary>A throw-away CA and a server certificate for 127.0.0.1/localhost, made by openssl at test time.</summary>
    public sealed class TestPki : IDisposable
    {
        public const string OpenSsl = "/usr/bin/openssl";

        private TestPki(string dir)
        {
            Directory = dir;
        }

        public string Directory { get; }

        public string CaCertificate => Path.Combine(Directory, "ca.crt");

        public string ServerCertificate => Path.Combine(Directory, "server.crt");

        public string ServerKey => Path.Combine(Directory, "server.key");

        /// <summary>Makes a CA and a server certificate signed by it (and nothing else trusts them).</summary>
        public static TestPki Create(string name = "test")
        {
            Mosquitto.Require(OpenSsl, "openssl");
            string dir = System.IO.Directory.CreateTempSubdirectory("pki-" + name + "-").FullName;
            TestPki pki = new(dir);
            string caKey = Path.Combine(dir, "ca.key");
            Mosquitto.Run(OpenSsl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Loyalty Test CA " + name,
                "-keyout", caKey, "-out", pki.CaCertificate);
            string csr = Path.Combine(dir, "server.csr");
            Mosquitto.Run(OpenSsl, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", pki.ServerKey, "-out", csr);
            string ext = Path.Combine(dir, "server.ext");
            File.WriteAllText(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
            Mosquitto.Run(OpenSsl, "x509", "-req", "-in", csr, "-CA", pki.CaCertificate, "-CAkey", caKey, "-CAcreateserial", "-days", "2",
                "-extfile", ext, "-out", pki.ServerCertificate);
            return pki;
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            try
            {
                System.IO.Directory.Delete(Directory, true);
            }
            catch (IOException)
            {
            }
        }
    }
}
