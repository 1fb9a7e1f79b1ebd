using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;

namespace NfCompat;

/// <summary>
/// Walks a method body's IL and yields the metadata tokens of its operands (calls, field accesses,
/// newobj, ldtoken, castclass, calli signatures ...). The opcode table comes from
/// <see cref="OpCodes"/> so it cannot drift from the runtime's definition of IL.
/// </summary>
internal static class IlTokens
{
    private static readonly OpCode[] OneByte = new OpCode[0x100];
    private static readonly OpCode[] TwoByte = new OpCode[0x100];
    private static readonly bool[] OneByteKnown = new bool[0x100];
    private static readonly bool[] TwoByteKnown = new bool[0x100];

    static IlTokens()
    {
        foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is not OpCode op)
            {
                continue;
            }

            ushort value = unchecked((ushort)op.Value);
            if (op.Size == 1)
            {
                OneByte[value & 0xFF] = op;
                OneByteKnown[value & 0xFF] = true;
            }
            else
            {
                TwoByte[value & 0xFF] = op;
                TwoByteKnown[value & 0xFF] = true;
            }
        }
    }

    /// <summary>Returns every token operand of the IL stream, in order.</summary>
    public static List<int> Read(byte[] il)
    {
        var tokens = new List<int>();
        int pos = 0;
        while (pos < il.Length)
        {
            OpCode op;
            byte b = il[pos++];
            if (b == 0xFE)
            {
                if (pos >= il.Length)
                {
                    throw new BadImageFormatException("Truncated two-byte opcode");
                }

                byte second = il[pos++];
                if (!TwoByteKnown[second])
                {
                    throw new BadImageFormatException($"Unknown opcode 0xFE{second:X2}");
                }

                op = TwoByte[second];
            }
            else
            {
                if (!OneByteKnown[b])
                {
                    throw new BadImageFormatException($"Unknown opcode 0x{b:X2}");
                }

                op = OneByte[b];
            }

            switch (op.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    pos += 1;
                    break;
                case OperandType.InlineVar:
                    pos += 2;
                    break;
                case OperandType.InlineBrTarget:
                case OperandType.InlineI:
                case OperandType.ShortInlineR:
                case OperandType.InlineString:
                    pos += 4;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    pos += 8;
                    break;
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineSig:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    if (pos + 4 > il.Length)
                    {
                        throw new BadImageFormatException("Truncated token operand");
                    }

                    tokens.Add(BitConverter.ToInt32(il, pos));
                    pos += 4;
                    break;
                case OperandType.InlineSwitch:
                    int count = BitConverter.ToInt32(il, pos);
                    pos += 4 + (4 * count);
                    break;
                default:
                    throw new BadImageFormatException("Unhandled operand type " + op.OperandType);
            }
        }

        if (pos != il.Length)
        {
            throw new BadImageFormatException("IL stream ended inside an operand");
        }

        return tokens;
    }
}
