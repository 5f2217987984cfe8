#include "GuideDialog.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace topcoat::ui {

QString readmeSection(const QString& markdown, const QString& heading) {
    const auto lines = markdown.split(QLatin1Char('\n'));
    const auto first = lines.indexOf(QStringLiteral("## ") + heading);
    if (first < 0)
        return {};
    QStringList section;
    for (auto line = first; line < lines.size(); ++line) {
        if (line > first && lines[line].startsWith(QLatin1String("## ")))
            break;
        section.append(lines[line]);
    }
    return section.join(QLatin1Char('\n')).trimmed();
}

GuideDialog::GuideDialog(const QString& heading, QWidget* parent) : QDialog(parent) {
    setWindowTitle(heading);
    QFile readme(QStringLiteral(":/guide/README.md"));
    if (readme.open(QIODevice::ReadOnly))
        markdown_ = readmeSection(QString::fromUtf8(readme.readAll()), heading);
    if (markdown_.isEmpty())
        markdown_ = tr("The guide \"%1\" is in the README that came with Topcoat.").arg(heading);

    auto* text = new QTextBrowser(this);
    text->setOpenExternalLinks(true);
    text->setMarkdown(markdown_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(buttons);
    resize(760, 640);
}

} // namespace topcoat::ui
