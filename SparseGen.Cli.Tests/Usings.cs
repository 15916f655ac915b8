global using System;
global using System.Collections.Generic;
global using System.IO;
global using System.Linq;
global using Xunit;
global using SparseGen.CommandLine;
