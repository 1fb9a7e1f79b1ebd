using Terminal.Core.Encoding;
using Terminal.Core.Ports;

namespace Terminal.Core.Ledger
{
    /// <summary>
    /// Replaces a small file so that a power cut leaves either the old or the new content.
    /// LittleFS cannot rename onto an existing name and nanoFramework makes an empty file
    /// durable right after opening it, so a replace is: create <c>name.n</c> (content + CRC),
    /// delete <c>name</c>, rename <c>name.n</c> to <c>name</c>. <see cref="Recover"/> finishes or
    /// rolls back whichever step a cut interrupted.
    /// </summary>
    public static class AtomicFile
    {
        /// <summary>Suffix of the file being written.</summary>
        public const string NewSuffix = ".n";

        /// <summary>Writes the CRC of <paramref name="count"/> bytes right after them; returns count + 4.</summary>
        public static int Seal(byte[] buffer, int offset, int count)
        {
            LittleEndian.WriteUInt32(buffer, offset + count, Crc32.Compute(buffer, offset, count));
            return count + 4;
        }

        /// <summary>True when the last 4 bytes are the CRC of the rest.</summary>
        public static bool IsSealed(byte[] buffer, int offset, int length)
        {
            if (length < 4)
            {
                return false;
            }

            return Crc32.Compute(buffer, offset, length - 4) == LittleEndian.ReadUInt32(buffer, offset + length - 4);
        }

        /// <summary>Replaces <paramref name="name"/> with sealed content (see <see cref="Seal"/>).</summary>
        public static void Replace(ILedgerStore store, string name, string newName, byte[] buffer, int offset, int count)
        {
            store.Delete(newName);
            store.Create(newName, buffer, offset, count);
            store.Delete(name);
            store.Rename(newName, name);
        }

        /// <summary>
        /// Completes or rolls back an interrupted <see cref="Replace"/>. Returns true when a
        /// file had to be repaired. The buffer must hold the largest valid content.
        /// </summary>
        public static bool Recover(ILedgerStore store, string name, string newName, byte[] scratch)
        {
            if (!store.Exists(newName))
            {
                return false;
            }

            if (store.Exists(name))
            {
                // Cut before the old file was deleted: the old content is still the truth.
                store.Delete(newName);
                return true;
            }

            int length = store.Length(newName);
            bool valid = length > 0 && length <= scratch.Length
                && store.Read(newName, 0, scratch, 0, length) == length
                && IsSealed(scratch, 0, length);
            if (valid)
            {
                store.Rename(newName, name);
            }
            else
            {
                // Cut while the first version of a file was being created: it never existed.
                store.Delete(newName);
            }

            return true;
        }
    }
}
