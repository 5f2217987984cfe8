#pragma once

// The Protection screen's settings form: every flash-sale protection setting in plain words
// with its unit and a short help text per group, and each field's problem shown next to it.
// It holds no state of its own beyond the widgets: the screen loads settings in and reads
// them back out.

#include "ApiTypes.h"
#include "ProtectionRules.h"

#include <QMap>
#include <QWidget>

class QCheckBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace topcoat::ui {

class ProtectionForm : public QWidget {
    Q_OBJECT

public:
    // The settings as typed, and what is wrong with them (text that is no number included).
    struct Reading {
        ProtectionSettings settings;
        QMap<ProtectionField, QString> problems;
    };

    explicit ProtectionForm(QWidget* parent = nullptr);

    // Shows `settings` in every field and clears the problems shown.
    void setSettings(const ProtectionSettings& settings);
    // The fields as they are now; one that holds no whole number reads as -1, with a problem.
    Reading read() const;
    // Puts each message next to its field and clears the others.
    void showProblems(const QMap<ProtectionField, QString>& problems);

signals:
    // The owner changed a field.
    void edited();

private:
    struct NumberField {
        QLineEdit* edit = nullptr;
        QLabel* problem = nullptr;
    };

    QGroupBox* group(const QString& title, const QString& help, QFormLayout*& rows);
    void addNumber(QFormLayout& rows, ProtectionField field, const char* name, const QString& label,
                   const QString& unit);
    QLabel* problemLabel(const char* name);
    QWidget* buildOrderList();
    void moveFeature(int by);

    QMap<ProtectionField, NumberField> numbers_;
    QCheckBox* roomEnabled_ = nullptr;
    QCheckBox* randomize_ = nullptr;
    QPlainTextEdit* proxies_ = nullptr;
    QLabel* proxiesProblem_ = nullptr;
    QListWidget* order_ = nullptr;
    QLabel* orderProblem_ = nullptr;
};

} // namespace topcoat::ui
