// Generated from the doc IDs of nanoFramework.TestFramework.txt (3.0.80): the whole Assert and
// CollectionAssert overload sets, so that overload resolution picks what it picks on the device, and
// the test attributes. The last string parameter (message) is optional, as the list's flag says.
// Regenerate when the list changes. See Gpio.cs for how stubs are used.
#pragma warning disable CS0618
namespace nanoFramework.TestFramework
{
    using System;

    public sealed class Assert
    {
        public static void AreEqual(bool p0, bool p1, string p2 = "")
        {
        }

        public static void AreEqual(byte p0, byte p1, string p2 = "")
        {
        }

        public static void AreEqual(char p0, char p1, string p2 = "")
        {
        }

        public static void AreEqual(System.DateTime p0, System.DateTime p1, string p2 = "")
        {
        }

        public static void AreEqual(double p0, double p1, string p2 = "")
        {
        }

        public static void AreEqual(float p0, float p1, string p2 = "")
        {
        }

        public static void AreEqual(int p0, int p1, string p2 = "")
        {
        }

        public static void AreEqual(long p0, long p1, string p2 = "")
        {
        }

        public static void AreEqual(object p0, object p1, string p2 = "")
        {
        }

        public static void AreEqual(sbyte p0, sbyte p1, string p2 = "")
        {
        }

        public static void AreEqual(short p0, short p1, string p2 = "")
        {
        }

        public static void AreEqual(string p0, string p1, string p2 = "")
        {
        }

        public static void AreEqual(uint p0, uint p1, string p2 = "")
        {
        }

        public static void AreEqual(ulong p0, ulong p1, string p2 = "")
        {
        }

        public static void AreEqual(ushort p0, ushort p1, string p2 = "")
        {
        }

        public static void AreNotEqual(bool p0, bool p1, string p2 = "")
        {
        }

        public static void AreNotEqual(byte p0, byte p1, string p2 = "")
        {
        }

        public static void AreNotEqual(char p0, char p1, string p2 = "")
        {
        }

        public static void AreNotEqual(System.DateTime p0, System.DateTime p1, string p2 = "")
        {
        }

        public static void AreNotEqual(double p0, double p1, string p2 = "")
        {
        }

        public static void AreNotEqual(float p0, float p1, string p2 = "")
        {
        }

        public static void AreNotEqual(long p0, long p1, string p2 = "")
        {
        }

        public static void AreNotEqual(int p0, int p1, string p2 = "")
        {
        }

        public static void AreNotEqual(object p0, object p1, string p2 = "")
        {
        }

        public static void AreNotEqual(sbyte p0, sbyte p1, string p2 = "")
        {
        }

        public static void AreNotEqual(short p0, short p1, string p2 = "")
        {
        }

        public static void AreNotEqual(string p0, string p1, string p2 = "")
        {
        }

        public static void AreNotEqual(uint p0, uint p1, string p2 = "")
        {
        }

        public static void AreNotEqual(ulong p0, ulong p1, string p2 = "")
        {
        }

        public static void AreNotEqual(ushort p0, ushort p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Empty(System.Collections.ICollection p0, string p1 = "")
        {
        }

        [System.Obsolete] public static void Equal(System.Array p0, System.Array p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Equal(bool p0, bool p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Equal(byte p0, byte p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Equal(char p0, char p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Equal(System.DateTime p0, System.DateTime p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Equal(double p0, double p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Equal(float p0, float p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Equal(int p0, int p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Equal(long p0, long p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Equal(sbyte p0, sbyte p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Equal(short p0, short p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Equal(string p0, string p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Equal(uint p0, uint p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Equal(ulong p0, ulong p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Equal(ushort p0, ushort p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void False(bool p0, string p1 = "")
        {
        }

        [System.Obsolete] public static void IsNotType(System.Type p0, object p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void IsType(System.Type p0, object p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEmpty(System.Collections.ICollection p0, string p1 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(System.Array p0, System.Array p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(bool p0, bool p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(byte p0, byte p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(char p0, char p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(System.DateTime p0, System.DateTime p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(double p0, double p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(float p0, float p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(int p0, int p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(long p0, long p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(sbyte p0, sbyte p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(short p0, short p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(string p0, string p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(uint p0, uint p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(ulong p0, ulong p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotEqual(ushort p0, ushort p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void NotNull(object p0, string p1 = "")
        {
        }

        [System.Obsolete] public static void NotSame(object p0, object p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Null(object p0, string p1 = "")
        {
        }

        [System.Obsolete] public static void Same(object p0, object p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void Throws(System.Type p0, System.Action p1, string p2 = "")
        {
        }

        [System.Obsolete] public static void True(bool p0, string p1 = "")
        {
        }

        public static void AreNotSame(object p0, object p1, string p2 = "")
        {
        }

        public static void AreSame(object p0, object p1, string p2 = "")
        {
        }

        public static void Contains(string p0, string p1, string p2 = "")
        {
        }

        public static void DoesNotContains(string p0, string p1, string p2 = "")
        {
        }

        public static void EndsWith(string p0, string p1, string p2 = "")
        {
        }

        public static void IsFalse(bool p0, string p1 = "")
        {
        }

        public static void IsInstanceOfType(object p0, System.Type p1, string p2 = "")
        {
        }

        public static void IsNotInstanceOfType(object p0, System.Type p1, string p2 = "")
        {
        }

        public static void IsNotNull(object p0, string p1 = "")
        {
        }

        public static void IsNull(object p0, string p1 = "")
        {
        }

        public static void IsTrue(bool p0, string p1 = "")
        {
        }

        public static void SkipTest(string p0 = "")
        {
        }

        public static void StartsWith(string p0, string p1, string p2 = "")
        {
        }

        public static void ThrowsException(System.Type p0, System.Action p1, string p2 = "")
        {
        }
    }

    public sealed class CollectionAssert
    {
        public static void Empty(System.Collections.ICollection p0, string p1 = "")
        {
        }

        public static void NotEmpty(System.Collections.ICollection p0, string p1 = "")
        {
        }

        public static void AreEqual(System.Collections.ICollection p0, System.Collections.ICollection p1, string p2 = "")
        {
        }

        public static void AreNotEqual(System.Collections.ICollection p0, System.Collections.ICollection p1, string p2 = "")
        {
        }
    }

    public class TestClassAttribute : Attribute
    {
    }

    public class TestMethodAttribute : Attribute
    {
    }

    public class SetupAttribute : Attribute
    {
    }

    public class CleanupAttribute : Attribute
    {
    }

    public class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters)
        {
        }
    }
}
