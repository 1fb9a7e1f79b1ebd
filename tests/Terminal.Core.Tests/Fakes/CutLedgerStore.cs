using System.Collections;
using Terminal.Core.Encoding;
using Terminal.Core.Ports;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>
    /// In-memory <see cref="ILedgerStore"/> with the LittleFS contract and injectable power cuts.
    /// Mutating operations are numbered from 0. With <see cref="CutAt"/> = k, operation k does
    /// not happen (except that a cut <see cref="Create"/> leaves an empty file when
    /// <see cref="CutLeavesEmptyFile"/> is set, as nanoFramework syncs right after open), and it
    /// and every later call, reads included, throw <see cref="PowerCutException"/> until
    /// <see cref="Revive"/> ("reboot"). Written in the nanoFramework subset.
    /// </summary>
    public sealed class CutLedgerStore : ILedgerStore
    {
        private readonly ArrayList _names = new ArrayList();
        private readonly ArrayList _contents = new ArrayList();

        /// <summary>Creates an empty store with no cut armed.</summary>
        public CutLedgerStore()
        {
            CutAt = -1;
            Capacity = 256 * 1024;
        }

        /// <summary>Index of the mutating operation that the power cut hits; -1 for none.</summary>
        public int CutAt { get; set; }

        /// <summary>When the cut hits a Create, leave the new file empty instead of absent.</summary>
        public bool CutLeavesEmptyFile { get; set; }

        /// <summary>Mutating operations attempted so far (the one hit by a cut included).</summary>
        public int Operations { get; private set; }

        /// <summary>True after a cut until <see cref="Revive"/>.</summary>
        public bool IsDead { get; private set; }

        /// <summary>Bytes the "partition" holds.</summary>
        public long Capacity { get; set; }

        /// <summary>Power comes back: disarms the cut and resets the operation counter.</summary>
        public void Revive()
        {
            IsDead = false;
            CutAt = -1;
            Operations = 0;
        }

        /// <summary>Names and contents of every file, sorted by name, as one string (for before/after comparisons).</summary>
        public string Fingerprint()
        {
            string[] names = new string[_names.Count];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = (string)_names[i];
            }

            // Insertion sort: a handful of files.
            for (int i = 1; i < names.Length; i++)
            {
                string n = names[i];
                int j = i - 1;
                while (j >= 0 && names[j].CompareTo(n) > 0)
                {
                    names[j + 1] = names[j];
                    j--;
                }

                names[j + 1] = n;
            }

            string result = string.Empty;
            for (int i = 0; i < names.Length; i++)
            {
                byte[] data = (byte[])_contents[IndexOf(names[i])];
                result = result + names[i] + "=" + Hex.Format(data, 0, data.Length) + ";";
            }

            return result;
        }

        /// <inheritdoc />
        public bool Exists(string name)
        {
            Alive();
            return IndexOf(name) >= 0;
        }

        /// <inheritdoc />
        public int Length(string name)
        {
            Alive();
            int i = IndexOf(name);
            return i < 0 ? -1 : ((byte[])_contents[i]).Length;
        }

        /// <inheritdoc />
        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            Alive();
            int i = IndexOf(name);
            if (i < 0)
            {
                throw new System.IO.IOException("no such file: " + name);
            }

            byte[] data = (byte[])_contents[i];
            if (position >= data.Length)
            {
                return 0;
            }

            int n = data.Length - position < count ? data.Length - position : count;
            System.Array.Copy(data, position, buffer, offset, n);
            return n;
        }

        /// <inheritdoc />
        public void Append(string name, byte[] buffer, int offset, int count)
        {
            Mutate();
            int i = IndexOf(name);
            byte[] old = i < 0 ? new byte[0] : (byte[])_contents[i];
            Room(count);
            byte[] data = new byte[old.Length + count];
            System.Array.Copy(old, data, old.Length);
            System.Array.Copy(buffer, offset, data, old.Length, count);
            if (i < 0)
            {
                _names.Add(name);
                _contents.Add(data);
            }
            else
            {
                _contents[i] = data;
            }
        }

        /// <inheritdoc />
        public void Create(string name, byte[] buffer, int offset, int count)
        {
            if (IndexOf(name) >= 0 && !IsDead)
            {
                throw new System.IO.IOException("file exists: " + name);
            }

            if (WouldCut() && CutLeavesEmptyFile)
            {
                _names.Add(name);
                _contents.Add(new byte[0]);
            }

            Mutate();
            Room(count);
            byte[] data = new byte[count];
            System.Array.Copy(buffer, offset, data, 0, count);
            _names.Add(name);
            _contents.Add(data);
        }

        /// <inheritdoc />
        public void Rename(string from, string to)
        {
            Mutate();
            int i = IndexOf(from);
            if (i < 0)
            {
                throw new System.IO.IOException("no such file: " + from);
            }

            if (IndexOf(to) >= 0)
            {
                throw new System.IO.IOException("file exists: " + to);
            }

            _names[i] = to;
        }

        /// <inheritdoc />
        public void Delete(string name)
        {
            Mutate();
            int i = IndexOf(name);
            if (i >= 0)
            {
                _names.RemoveAt(i);
                _contents.RemoveAt(i);
            }
        }

        /// <inheritdoc />
        public string[] List(string prefix)
        {
            Alive();
            ArrayList found = new ArrayList();
            for (int i = 0; i < _names.Count; i++)
            {
                string n = (string)_names[i];
                if (n.StartsWith(prefix))
                {
                    found.Add(n);
                }
            }

            string[] result = new string[found.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (string)found[i];
            }

            return result;
        }

        /// <inheritdoc />
        public long FreeBytes
        {
            get
            {
                Alive();
                return Capacity - Used();
            }
        }

        private bool WouldCut()
        {
            return !IsDead && CutAt >= 0 && Operations == CutAt;
        }

        private void Mutate()
        {
            Alive();
            if (WouldCut())
            {
                Operations++;
                IsDead = true;
                throw new PowerCutException("power cut at store operation " + CutAt.ToString());
            }

            Operations++;
        }

        private void Alive()
        {
            if (IsDead)
            {
                throw new PowerCutException("the store has no power");
            }
        }

        private void Room(int count)
        {
            if (Used() + count > Capacity)
            {
                throw new System.IO.IOException("no space left");
            }
        }

        private long Used()
        {
            long used = 0;
            for (int i = 0; i < _contents.Count; i++)
            {
                used += ((byte[])_contents[i]).Length;
            }

            return used;
        }

        private int IndexOf(string name)
        {
            for (int i = 0; i < _names.Count; i++)
            {
                if ((string)_names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
