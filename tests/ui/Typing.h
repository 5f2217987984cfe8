#pragma once

// Typing into a form's fields as the owner would: focus, select all, delete, type.

#include <QLineEdit>
#include <QtTest>

namespace topcoat::test {

inline void retype(QLineEdit* edit, const QString& text) {
    QVERIFY(edit);
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

} // namespace topcoat::test
