using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DeviceCheck;

/// <summary>A member or type the device code uses, by doc ID, with the first place it is used.</summary>
internal sealed record UsedMember(string Id, string Location);

/// <summary>
/// Walks the device syntax trees and lists, as doc IDs, every type and member outside the device
/// and core sources that the code binds to, including what the compiler calls on its behalf:
/// property accessors, user-defined operators and conversions, <c>using</c>'s Dispose, string
/// concatenation and attribute constructors.
/// </summary>
internal static class ReferenceCollector
{
    public static IReadOnlyList<UsedMember> Collect(CSharpCompilation compilation, IEnumerable<SyntaxTree> trees)
    {
        var found = new Dictionary<string, UsedMember>(StringComparer.Ordinal);
        foreach (SyntaxTree tree in trees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
            {
                foreach (string id in IdsAt(node, model, compilation.Assembly))
                {
                    if (!found.ContainsKey(id))
                    {
                        FileLinePositionSpan span = node.GetLocation().GetLineSpan();
                        string where = System.IO.Path.GetFileName(span.Path) + ":" + (span.StartLinePosition.Line + 1);
                        found[id] = new UsedMember(id, where);
                    }
                }
            }
        }

        return found.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> IdsAt(SyntaxNode node, SemanticModel model, IAssemblySymbol own)
    {
        switch (node)
        {
            case SimpleNameSyntax name:
                foreach (string id in SymbolIds(model.GetSymbolInfo(name).Symbol, name, own))
                {
                    yield return id;
                }

                break;
            case ObjectCreationExpressionSyntax or ConstructorInitializerSyntax or AttributeSyntax or ElementAccessExpressionSyntax:
                foreach (string id in SymbolIds(model.GetSymbolInfo(node).Symbol, node, own))
                {
                    yield return id;
                }

                break;
            case BinaryExpressionSyntax binary:
                foreach (string id in OperatorIds(binary, model, own))
                {
                    yield return id;
                }

                break;
            case UsingStatementSyntax:
                yield return "T:System.IDisposable";
                yield return "M:System.IDisposable.Dispose";
                break;
            case ForEachStatementSyntax loop:
                ForEachStatementInfo info = model.GetForEachStatementInfo(loop);
                if (model.GetTypeInfo(loop.Expression).Type is not IArrayTypeSymbol)
                {
                    foreach (ISymbol? symbol in new ISymbol?[] { info.GetEnumeratorMethod, info.MoveNextMethod, info.CurrentProperty })
                    {
                        foreach (string id in SymbolIds(symbol, loop, own))
                        {
                            yield return id;
                        }
                    }
                }

                break;
        }

        if (node is ExpressionSyntax expression)
        {
            Conversion conversion = model.GetConversion(expression);
            if (conversion.IsUserDefined && conversion.MethodSymbol is not null)
            {
                foreach (string id in SymbolIds(conversion.MethodSymbol, node, own))
                {
                    yield return id;
                }
            }
        }
    }

    private static IEnumerable<string> OperatorIds(BinaryExpressionSyntax binary, SemanticModel model, IAssemblySymbol own)
    {
        if (model.GetSymbolInfo(binary).Symbol is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator } op)
        {
            foreach (string id in SymbolIds(op, binary, own))
            {
                yield return id;
            }

            yield break;
        }

        // string == string is a built-in operator to Roslyn but a call to String.op_Equality in IL.
        if (binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression))
        {
            if (model.GetTypeInfo(binary.Left).Type?.SpecialType == SpecialType.System_String
                && model.GetTypeInfo(binary.Right).Type?.SpecialType == SpecialType.System_String)
            {
                yield return binary.IsKind(SyntaxKind.EqualsExpression)
                    ? "M:System.String.op_Equality(System.String,System.String)"
                    : "M:System.String.op_Inequality(System.String,System.String)";
            }

            yield break;
        }

        // a + b + c on strings: the compiler calls String.Concat with all operands of the chain.
        if (binary.IsKind(SyntaxKind.AddExpression)
            && model.GetTypeInfo(binary).Type?.SpecialType == SpecialType.System_String
            && binary.Parent is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression })
        {
            var operands = new List<ExpressionSyntax>();
            Flatten(binary, operands);
            bool allStrings = operands.All(o => model.GetTypeInfo(o).Type?.SpecialType == SpecialType.System_String);
            string element = allStrings ? "System.String" : "System.Object";
            yield return operands.Count <= 4
                ? "M:System.String.Concat(" + string.Join(",", Enumerable.Repeat(element, operands.Count)) + ")"
                : "M:System.String.Concat(" + element + "[])";
        }
    }

    private static void Flatten(ExpressionSyntax expression, List<ExpressionSyntax> operands)
    {
        if (expression is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add)
        {
            Flatten(add.Left, operands);
            Flatten(add.Right, operands);
        }
        else
        {
            operands.Add(expression);
        }
    }

    private static IEnumerable<string> SymbolIds(ISymbol? symbol, SyntaxNode at, IAssemblySymbol own)
    {
        if (symbol is null || SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, own))
        {
            yield break;
        }

        switch (symbol)
        {
            case INamedTypeSymbol type:
                if (!SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, own) && type.SpecialType == SpecialType.None)
                {
                    yield return Id(type.OriginalDefinition);
                }

                yield break;
            case IMethodSymbol method:
                IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
                if (definition.MethodKind is MethodKind.BuiltinOperator or MethodKind.LocalFunction or MethodKind.AnonymousFunction)
                {
                    yield break;
                }

                yield return Id(definition);
                yield break;
            case IPropertySymbol property:
                yield return Id(property.OriginalDefinition);

                // The device calls the accessor, and the lists give accessors as methods.
                SyntaxNode target = at.Parent is MemberAccessExpressionSyntax access && access.Name == at ? access : at;
                bool written = target.Parent is AssignmentExpressionSyntax assignment && assignment.Left == target;
                bool compound = written && !target.Parent!.IsKind(SyntaxKind.SimpleAssignmentExpression);
                if (written && property.SetMethod is not null)
                {
                    yield return Id(property.SetMethod.OriginalDefinition);
                }

                if ((!written || compound) && property.GetMethod is not null)
                {
                    yield return Id(property.GetMethod.OriginalDefinition);
                }

                yield break;
            case IFieldSymbol field:
                yield return Id(field.OriginalDefinition);
                yield break;
            case IEventSymbol evt:
                yield return Id(evt.OriginalDefinition);
                yield break;
        }
    }

    private static string Id(ISymbol symbol) =>
        symbol.GetDocumentationCommentId() ?? throw new InvalidOperationException("no doc ID for " + symbol);
}
