@testable import VigieLake
import Testing
import VigieExpressions

@Test func lakeErrorNamesItsPlace() {
    let e = LakeError(.corrupt, "bad line").within("lake/activity").within("workspace")
    #expect(e.description == "workspace, lake/activity: bad line")
}

/// Pipelines see expression errors as they always have: the message as it is, the expression as context,
/// a parse error as an invalid argument and a row's bad value as corrupt data.
@Test func expressionErrorsBecomeLakeErrorsWithTheSameMessage() throws {
    do {
        _ = try RowExpression("x +")
        Issue.record("'x +' parsed")
    } catch {
        let lake = LakeError(error)
        #expect(lake == LakeError(.invalidArgument, "at column 4, expected a value after '+'", context: ["expression 'x +'"]))
        #expect(lake.within("pipeline crèches.yaml, derive total").description
            == "pipeline crèches.yaml, derive total, expression 'x +': at column 4, expected a value after '+'")
    }
    do {
        _ = try RowExpression("month(day)").evaluate { _ in .string("abc") }
        Issue.record("month('abc') evaluated")
    } catch {
        #expect(LakeError(error) == LakeError(.corrupt, "month('abc'): not a date", context: ["expression 'month(day)'"]))
    }
}
