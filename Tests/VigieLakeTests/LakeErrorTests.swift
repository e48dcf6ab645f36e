@testable import VigieLake
import Testing
@Test func lakeErrorNamesItsPlace() {
    let e = LakeError(.corrupt, "bad line").within("lake/activity").within("workspace")
    #expect(e.description == "workspace, lake/activity: bad line")
}
