global using Sockspec.Codec;
global using Sockspec.Runner.Cases;
global using Sockspec.Runner.Model;
global using static Sockspec.Runner.Cases.CaseBuilder;
global using static Sockspec.Runner.Model.RequirementLevel;
global using static Sockspec.Runner.Model.Verdict;
