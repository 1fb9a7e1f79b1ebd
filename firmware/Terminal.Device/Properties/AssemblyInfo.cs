using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Terminal.Device")]
[assembly: AssemblyDescription("NFC loyalty terminal: nanoFramework application for the ESP32")]
[assembly: AssemblyProduct("Terminal")]
[assembly: ComVisible(false)]

// nanoFramework deploys assemblies by exact version; keep this fixed unless the app's interface changes.
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
