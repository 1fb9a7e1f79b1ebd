#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Sync;

namespace Terminal.Core.Tests.Sync
{
    [TestClass]
    public class JsonTests
    {
        private static string Text(JsonWriter w)
        {
            return System.Text.Encoding.UTF8.GetString(w.Buffer, 0, w.Length);
        }

        private static byte[] Bytes(string s)
        {
            return System.Text.Encoding.UTF8.GetBytes(s);
        }

        /// <summary>Reads to the end; returns the error or null.</summary>
        private static string ReadAll(string json)
        {
            JsonReader r = new JsonReader(4, 16);
            byte[] b = Bytes(json);
            r.Reset(b, 0, b.Length);
            for (int i = 0; i < 1000; i++)
            {
                JsonToken t = r.Read();
                if (t == JsonToken.End)
                {
                    return null;
                }

                if (t == JsonToken.Error)
                {
                    Assert.IsNotNull(r.Error);
                    return r.Error;
                }
            }

            Assert.IsTrue(false, "reader did not finish");
            return null;
        }

        [TestMethod]
        public void WriterIsCompactAndPlacesCommas()
        {
            JsonWriter w = new JsonWriter(256);
            w.BeginObject();
            w.Member("a", 1);
            w.Member("b", "x");
            w.Name("c");
            w.BeginArray();
            w.Number(-5);
            w.Bool(true);
            w.BeginObject();
            w.EndObject();
            w.BeginArray();
            w.EndArray();
            w.EndArray();
            w.Member("d", false);
            w.EndObject();
            Assert.AreEqual("{\"a\":1,\"b\":\"x\",\"c\":[-5,true,{},[]],\"d\":false}", Text(w));
            Assert.IsFalse(w.Overflow);
        }

        [TestMethod]
        public void WriterEscapesQuotesBackslashAndControlsAndWritesUtf8()
        {
            JsonWriter w = new JsonWriter(256);
            w.String("a\"b\\c\nd\u0001\u00e9\u20ac");
            byte[] expected = Bytes("\"a\\\"b\\\\c\\nd\\u0001\u00e9\u20ac\"");
            Assert.AreEqual(expected.Length, w.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], w.Buffer[i]);
            }
        }

        [TestMethod]
        public void WriterFlagsOverflowInsteadOfThrowing()
        {
            JsonWriter w = new JsonWriter(8);
            w.BeginObject();
            w.Member("long name", 123456789);
            w.EndObject();
            Assert.IsTrue(w.Overflow);
            Assert.AreEqual(8, w.Length);
            w.Reset();
            Assert.IsFalse(w.Overflow);
            Assert.AreEqual(0, w.Length);
        }

        [TestMethod]
        public void ReaderWalksTokensAndDecodesEscapes()
        {
            JsonReader r = new JsonReader(4, 32);
            byte[] b = Bytes(" { \"n\" : -42 , \"s\":\"a\\u00e9\\n\\\"\", \"t\":[true,false,null] } ");
            r.Reset(b, 0, b.Length);
            Assert.AreEqual(JsonToken.BeginObject, r.Read());
            Assert.AreEqual(JsonToken.Name, r.Read());
            Assert.IsTrue(r.TextEquals("n"));
            Assert.AreEqual(JsonToken.Number, r.Read());
            Assert.AreEqual(-42L, r.Number);
            Assert.AreEqual(JsonToken.Name, r.Read());
            Assert.AreEqual(JsonToken.String, r.Read());
            Assert.AreEqual("a\u00e9\n\"", r.GetString());
            Assert.AreEqual(JsonToken.Name, r.Read());
            Assert.AreEqual(JsonToken.BeginArray, r.Read());
            Assert.AreEqual(JsonToken.Bool, r.Read());
            Assert.IsTrue(r.Bool);
            Assert.AreEqual(JsonToken.Bool, r.Read());
            Assert.IsFalse(r.Bool);
            Assert.AreEqual(JsonToken.Null, r.Read());
            Assert.AreEqual(JsonToken.EndArray, r.Read());
            Assert.AreEqual(JsonToken.EndObject, r.Read());
            Assert.AreEqual(JsonToken.End, r.Read());
        }

        [TestMethod]
        public void ReaderDecodesSurrogatePairs()
        {
            JsonReader r = new JsonReader(4, 32);
            byte[] b = Bytes("\"\\ud83d\\ude00\"");
            r.Reset(b, 0, b.Length);
            Assert.AreEqual(JsonToken.String, r.Read());
            Assert.AreEqual(4, r.TextLength);
            Assert.AreEqual(JsonToken.End, r.Read());
        }

        [TestMethod]
        public void SkipPassesOverNestedValues()
        {
            JsonReader r = new JsonReader(4, 32);
            byte[] b = Bytes("{\"x\":{\"y\":[1,{\"z\":2}]},\"k\":7}");
            r.Reset(b, 0, b.Length);
            r.Read();
            Assert.AreEqual(JsonToken.Name, r.Read());
            Assert.IsTrue(r.Skip());
            Assert.AreEqual(JsonToken.Name, r.Read());
            Assert.IsTrue(r.TextEquals("k"));
            Assert.AreEqual(JsonToken.Number, r.Read());
            Assert.AreEqual(7L, r.Number);
        }

        [TestMethod]
        public void ValidDocumentsAreAccepted()
        {
            Assert.IsNull(ReadAll("{}"));
            Assert.IsNull(ReadAll("[]"));
            Assert.IsNull(ReadAll("0"));
            Assert.IsNull(ReadAll("{\"a\":[[],{}]}"));
            Assert.IsNull(ReadAll("-123456789012345678"));
        }

        [TestMethod]
        public void GarbageIsRefusedWithAReason()
        {
            string[] bad = new string[]
            {
                string.Empty, " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{\"a\":01}",
                "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":-}", "{\"a\":tru}", "{\"a\":nul}", "\"abc", "\"a\\x\"",
                "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "[[[[[1]]]]]", "\"01234567890123456789\"",
                "1234567890123456789", "{} {}", "{}x", "[1 2]", "[1:2]", "{\"a\":1]", "[}", "\"a\u0001\"",
            };
            for (int i = 0; i < bad.Length; i++)
            {
                Assert.IsNotNull(ReadAll(bad[i]), "accepted: " + bad[i]);
            }
        }

        [TestMethod]
        public void InvalidUtf8IsRefused()
        {
            byte[][] bad = new byte[][]
            {
                new byte[] { 0x22, 0xC3, 0x22 },
                new byte[] { 0x22, 0xFF, 0x22 },
                new byte[] { 0x22, 0xC0, 0x80, 0x22 },
                new byte[] { 0x22, 0xE2, 0x82 },
                new byte[] { 0x22, 0x80, 0x22 },
            };
            JsonReader r = new JsonReader(4, 16);
            for (int i = 0; i < bad.Length; i++)
            {
                r.Reset(bad[i], 0, bad[i].Length);
                Assert.AreEqual(JsonToken.Error, r.Read(), "case " + i.ToString());
            }
        }

        [TestMethod]
        public void ReaderHonoursOffsetAndLength()
        {
            byte[] b = Bytes("xx[7]yy");
            JsonReader r = new JsonReader(4, 16);
            r.Reset(b, 2, 3);
            Assert.AreEqual(JsonToken.BeginArray, r.Read());
            Assert.AreEqual(JsonToken.Number, r.Read());
            Assert.AreEqual(JsonToken.EndArray, r.Read());
            Assert.AreEqual(JsonToken.End, r.Read());
        }

        [TestMethod]
        public void WriterOutputReadsBack()
        {
            JsonWriter w = new JsonWriter(256);
            w.BeginObject();
            w.Member("s", "\u00e9\"\\\t\u0002x");
            w.Member("n", long.MaxValue / 10);
            w.EndObject();
            JsonReader r = new JsonReader(4, 32);
            r.Reset(w.Buffer, 0, w.Length);
            r.Read();
            r.Read();
            Assert.AreEqual(JsonToken.String, r.Read());
            Assert.AreEqual("\u00e9\"\\\t\u0002x", r.GetString());
            r.Read();
            Assert.AreEqual(JsonToken.Number, r.Read());
            Assert.AreEqual(long.MaxValue / 10, r.Number);
        }
    }
}
