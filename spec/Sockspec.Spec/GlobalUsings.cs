global using Sockspec.Codec;
global using Sockspec.Runner.Cases;
global using Sockspec.Model;
global using static Sockspec.Runner.Cases.CaseBuilder;
global using static Sockspec.Model.RequirementLevel;
global using static Sockspec.Model.Verdict;
