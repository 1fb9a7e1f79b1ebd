using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("Terminal.Core.Tests.nf")]
[assembly: AssemblyDescription("Shared Terminal.Core tests on nanoFramework.TestFramework")]
[assembly: AssemblyProduct("Terminal")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
