namespace Terminal.Core.Provisioning
{
    /// <summary>Store access of the provisioning service, with failures turned into answers.</summary>
    public sealed partial class ProvisioningService
    {
        private const int StepStartCert = 1;
        private const int StepAppendCert = 2;
        private const int StepSealCert = 3;
        private const int StepDiscard = 4;

        private string _sealReason;

        /// <summary>What went wrong at the last failed store operation (null when none failed).</summary>
        public string LastStoreError { get; private set; }

        private bool StoreStep(int step, byte[] buffer, int offset, int count)
        {
            try
            {
                switch (step)
                {
                    case StepStartCert:
                        _configStore.StartCertificate();
                        break;
                    case StepAppendCert:
                        _configStore.AppendCertificate(buffer, offset, count);
                        break;
                    case StepSealCert:
                        _sealReason = _configStore.SealCertificate(_certExpected, _certExpectedCrc);
                        break;
                    default:
                        _configStore.DiscardStaged();
                        break;
                }

                return true;
            }
            catch (System.Exception ex)
            {
                LastStoreError = "flash store failed: " + ex.Message;
                return false;
            }
        }

        private bool CommitValues(string[] values, bool writeConfig, bool writeWifi, byte certAction)
        {
            try
            {
                _configStore.Commit(values, writeConfig, writeWifi, certAction);

                // Read back what the flash now holds rather than trusting the values in RAM.
                Config = _configStore.Load();
                Generation++;
                return true;
            }
            catch (System.Exception ex)
            {
                LastStoreError = "flash store failed: " + ex.Message + " (the terminal holds either the old or the new configuration; read it back)";
                try
                {
                    _configStore.Recover();
                    Config = _configStore.Load();
                }
                catch (System.Exception)
                {
                    // The store is gone (power failing); the next boot recovers.
                }

                return false;
            }
        }
    }
}
