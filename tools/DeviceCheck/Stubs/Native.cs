// See Gpio.cs. Source: nanoFramework.Runtime.Native.txt (1.7.11): the restart the device uses to apply
// network settings after a provisioning commit. The list flags RebootDevice "optional"; the default
// (NormalReboot) is believed to be the binding's, and the device passes it explicitly.
namespace nanoFramework.Runtime.Native
{
    public enum RebootOption
    {
        NormalReboot,
        EnterNanoBooter,
        ClrOnly,
        EnterProprietaryBooter,
    }

    public class Power
    {
        public static void RebootDevice(RebootOption options = RebootOption.NormalReboot)
        {
        }

        public static void RebootDevice(int timeout, RebootOption options = RebootOption.NormalReboot)
        {
        }
    }
}
