// Set analysis: the set of rows an aggregation runs over, as in Qlik.
//
//   {1}                                  every row, ignoring the selection
//   {$}                                  the current selection (the default)
//   {BM01}                               a bookmark's (or an alternate state's) selection
//   {<Year={2016}>}                      the current selection with Year replaced by 2016
//   {1<Region={'Bretagne'}>}             every row of Bretagne
//   {$<Year={">=2015<=2017"}>}           a search string: years 2015 to 2017
//   {<Region=>}                          the current selection, ignoring Region's
//   {<Year+={2016}>} -= *= /=            union, exclusion, intersection, symmetric difference with the selection
//   {<Year={$(=Max(Year)-1)}>}           a value computed once, before the aggregation
//   {$-<Year={2016}>}  {1-$}  {-$}       set operators: + union, - exclusion (alone: complement), * intersection,
//                                        / symmetric difference; * and / bind tighter than + and -
//
// Not parsed (yet): element functions P() and E(), element sets combined by
// operators (`Year={2016}+{2017}`), a field as a value list (`Year=Year`),
// $1/$_1 (previous and next selections) and variable expansions $(v).

/// The set of records an aggregation runs over.
public indirect enum SetExpression: Sendable, Equatable {
    /// An identifier, modifiers, or both: `$`, `1<Year={2016}>`, `<Region=>`. A nil identifier means the current
    /// selection (`$`) and was not written; `modifiers` is empty when none were written.
    case selection(SetIdentifier?, [SetModifier])
    /// `a + b`, `a - b`, `a * b`, `a / b`.
    case operation(SetOperator, SetExpression, SetExpression)
    /// `-a`: every record not in `a`.
    case complement(SetExpression)
}

/// The records a set starts from.
public enum SetIdentifier: Sendable, Equatable {
    /// `1`: every record of the application, whatever the selection.
    case all
    /// `$`: the records of the current selection.
    case current
    /// A bookmark's or an alternate state's name: `BM01`, `[Budget 2025]`.
    case named(String)
}

/// An operator between sets, or of a modifier (`+=`…).
public enum SetOperator: String, Sendable, Equatable {
    /// Records in either.
    case union = "+"
    /// Records in the first and not in the second.
    case exclusion = "-"
    /// Records in both.
    case intersection = "*"
    /// Records in one but not both.
    case symmetricDifference = "/"
}

/// `Field = {values}`, `Field += {…}`, `Field =`: how a set changes one field's selection.
public struct SetModifier: Sendable, Equatable {
    /// The field, as written (without quotes or brackets).
    public var field: String
    /// nil for `=`, which replaces the field's selection; otherwise `+=`, `-=`, `*=`, `/=`, which combine the
    /// given values with it.
    public var combining: SetOperator?
    /// The values; nil for `Field =` alone, which clears the field's selection.
    public var values: [SetElement]?

    public init(field: String, combining: SetOperator? = nil, values: [SetElement]?) {
        self.field = field
        self.combining = combining
        self.values = values
    }
}

/// One item between the braces of a modifier: `2016`, `'Bretagne'`, `"Bre*"`, `$(=Max(Year)-1)`.
public enum SetElement: Sendable, Equatable {
    /// A number, matched by value: `2016`, `12.5`, `-3`.
    case number(RowValue)
    /// A text in single quotes, matched as written (Qlik lets it hold * and ? wildcards).
    case text(String)
    /// A search in double quotes: `"Bre*"` (wildcards), `">=2015<=2017"` (numeric conditions), `"=Sum(x)>10"`.
    case search(String)
    /// `$(=expression)`: a measure computed once, whose value is the element.
    case expansion(ExpressionNode)
}
